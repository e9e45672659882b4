import type { FlowDocument } from "@ringflow/flow-schema";

/** A block drops callers when at least this share of those who entered it hang up there. */
export const DROP_OFF_SHARE = 0.1;
/** Speaking rate used to say how long a spoken prompt is (about 150 words a minute). */
const WORDS_PER_SECOND = 2.5;

export interface BlockCounts {
  nodeId: string;
  entered: number;
  hungUp: number;
  errors: number;
  exits: Record<string, number>;
}

type FlowNode = FlowDocument["nodes"][number];

/** How long the block's spoken prompt takes to say, in seconds; null when it plays audio or says nothing. */
export function promptSeconds(node: FlowNode, language?: string): number | null {
  const prompt = (node.params as { prompt?: unknown; text?: unknown }).prompt;
  const say =
    prompt && typeof prompt === "object" && (prompt as { type?: string }).type === "say"
      ? (prompt as { text: Record<string, string> }).text
      : null;
  if (!say) return null;
  const text = (language && say[language]) || Object.values(say)[0] || "";
  const words = text.split(/\s+/).filter(Boolean).length;
  return words ? Math.max(1, Math.round(words / WORDS_PER_SECOND)) : null;
}

export const blockName = (node: FlowNode | undefined, nodeId: string) =>
  node?.label?.trim() || node?.kind || nodeId;

/** Blocks where at least 10% of the callers who entered hung up, worst first, in words. */
export function dropOffs(counts: readonly BlockCounts[], document: FlowDocument) {
  const nodes = new Map(document.nodes.map((n) => [n.id, n]));
  return counts
    .filter((c) => c.entered > 0 && c.hungUp / c.entered >= DROP_OFF_SHARE)
    .map((c) => {
      const node = nodes.get(c.nodeId);
      const share = c.hungUp / c.entered;
      const secs = node ? promptSeconds(node, document.languages.default) : null;
      const sentence =
        `${Math.round(share * 100)}% of callers hang up in ${blockName(node, c.nodeId)}` +
        (secs !== null ? ` — the prompt is ${secs} s long` : "");
      return { nodeId: c.nodeId, share, entered: c.entered, hungUp: c.hungUp, promptSeconds: secs, sentence };
    })
    .sort((a, b) => b.share - a.share);
}
export type DropOff = ReturnType<typeof dropOffs>[number];
