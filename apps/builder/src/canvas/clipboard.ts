import type { ClipboardPayload } from "../store/flow-store.ts";

const KEY = "ringflow.clipboard";

/**
 * Copied nodes go to localStorage (so they paste into another flow, in another tab too) and to the
 * system clipboard as JSON when the browser allows it.
 */
export function writeClipboard(payload: ClipboardPayload): void {
  const text = JSON.stringify(payload);
  localStorage.setItem(KEY, text);
  navigator.clipboard?.writeText(text).catch(() => undefined);
}

export function readClipboard(): ClipboardPayload | null {
  const text = localStorage.getItem(KEY);
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<ClipboardPayload>;
    return parsed.ringflowClipboard === 1 && Array.isArray(parsed.nodes) && Array.isArray(parsed.edges)
      ? (parsed as ClipboardPayload)
      : null;
  } catch {
    return null;
  }
}
