import { flowDocumentSchema, type FlowDocument } from "@ringflow/flow-schema";
import { z } from "zod";

/**
 * The local journal of a draft's unsaved work: written on every change, cleared once the API has stored it.
 * A reload or a closed tab in between finds it here and replays it, so no change is lost to a timing.
 */
const journalSchema = z.object({
  /** The draft revision the unsaved work was made on. */
  revision: z.number().int(),
  document: flowDocumentSchema,
});
export type DraftJournal = z.infer<typeof journalSchema>;

const journalKey = (flowId: string) => `ringflow.unsaved.${flowId}`;

export function writeJournal(flowId: string, entry: DraftJournal): void {
  try {
    localStorage.setItem(journalKey(flowId), JSON.stringify(entry));
  } catch {
    // A full or disabled storage: the API save still runs, only the reload safety net is missing.
  }
}

export function readJournal(flowId: string): DraftJournal | null {
  const raw = localStorage.getItem(journalKey(flowId));
  if (!raw) return null;
  try {
    const parsed = journalSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function clearJournal(flowId: string): void {
  localStorage.removeItem(journalKey(flowId));
}

/** JSON with object keys sorted: the database returns keys in its own order, so key order says nothing. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export const sameDocument = (a: FlowDocument, b: FlowDocument) => canonical(a) === canonical(b);

export type Recovery =
  | { kind: "none" }
  /** Unsaved work on the draft as it still is: put it back on the canvas and save it. */
  | { kind: "replay"; document: FlowDocument }
  /** Unsaved work, but the draft was saved since (another tab or person): the admin chooses. */
  | { kind: "conflict"; document: FlowDocument };

/** What to do on opening a flow with `journal` left from before, given the draft the API sent. */
export function recoverDraft(
  journal: DraftJournal | null,
  draft: { revision: number; document: FlowDocument },
): Recovery {
  if (!journal || sameDocument(journal.document, draft.document)) return { kind: "none" };
  return journal.revision === draft.revision
    ? { kind: "replay", document: journal.document }
    : { kind: "conflict", document: journal.document };
}
