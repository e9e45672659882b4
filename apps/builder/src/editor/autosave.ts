import type { FlowDocument } from "@ringflow/flow-schema";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorCode, errorDetails, errorMessage, trpc } from "../api/trpc.ts";
import type { FlowStore } from "../store/flow-store.ts";
import { clearJournal, readJournal, recoverDraft, writeJournal } from "./draft-journal.ts";

export type SaveState =
  | { status: "saved"; at: Date | null }
  | { status: "pending" }
  | { status: "saving" }
  | { status: "error"; message: string }
  | { status: "conflict"; theirs: { revision: number; document: FlowDocument; updatedAt: string } };

const OFFLINE =
  "Ringflow cannot be reached. Your changes are kept in this browser and saved when it is back.";
const RETRY_MS = 5000;

/** The draft as the API sent it when the flow was opened. */
export interface LoadedDraft {
  revision: number;
  updatedAt: string;
}

/**
 * Saves the draft a moment after each change, against the revision it was loaded at, and at once when the
 * page loses focus or is hidden or left. When someone else saved in between, the API answers CONFLICT with
 * their draft; saving stops until the admin chooses. Every change is also written to a local journal first
 * (draft-journal.ts), which replays after a reload or a closed tab, so nothing depends on a save's timing.
 */
export function useAutosave(store: FlowStore, flowId: string, loaded: LoadedDraft, delayMs = 800) {
  const { revision: loadedRevision, updatedAt: loadedAt } = loaded;
  const revision = useRef(loadedRevision);
  const [state, setState] = useState<SaveState>({ status: "saved", at: null });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<void> | null>(null);
  const blocked = useRef(false);
  /** The change count the API has stored: the status says "saved" only when the canvas is at it. */
  const storedCount = useRef(store.getState().changeCount);
  const recovered = useRef(false);

  const save = useCallback(
    async (force?: number): Promise<void> => {
      clearTimeout(timer.current);
      timer.current = undefined;
      if (inFlight.current) await inFlight.current;
      if (blocked.current && force === undefined) return;
      if (force !== undefined) revision.current = force;
      const document = store.getState().document();
      const count = store.getState().changeCount;
      if (count === storedCount.current && force === undefined) return;
      setState({ status: "saving" });
      const run = trpc.flows.saveDraft
        .mutate({ flowId, revision: revision.current, document })
        .then((result) => {
          revision.current = result.revision;
          blocked.current = false;
          storedCount.current = count;
          const now = store.getState();
          if (now.changeCount === count) {
            clearJournal(flowId);
            setState({ status: "saved", at: new Date(result.updatedAt) });
          } else {
            // Changes made while this save was on its way: still unsaved, now on top of the new revision.
            writeJournal(flowId, { revision: result.revision, document: now.document() });
            setState({ status: "pending" });
            if (!timer.current) timer.current = setTimeout(() => void save(), delayMs);
          }
        })
        .catch((error: unknown) => {
          const conflict = errorDetails(error)?.conflict;
          if (errorCode(error) === "CONFLICT" && conflict) {
            blocked.current = true;
            setState({
              status: "conflict",
              theirs: {
                revision: conflict.revision,
                document: conflict.document as FlowDocument,
                updatedAt: String(conflict.updatedAt),
              },
            });
          } else if (errorCode(error) === undefined) {
            // No answer at all (offline, the API restarting): the journal holds the work; try again soon.
            setState({ status: "error", message: OFFLINE });
            if (!timer.current) timer.current = setTimeout(() => void save(), RETRY_MS);
          } else setState({ status: "error", message: errorMessage(error) });
        })
        .finally(() => {
          inFlight.current = null;
        });
      inFlight.current = run;
      await run;
    },
    [flowId, store, delayMs],
  );

  useEffect(() => {
    let last = store.getState().changeCount;
    const unsubscribe = store.subscribe((s) => {
      if (s.changeCount === last || s.readOnly) return;
      last = s.changeCount;
      writeJournal(flowId, { revision: revision.current, document: s.document() });
      if (blocked.current) return;
      setState({ status: "pending" });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), delayMs);
    });
    if (!recovered.current) {
      recovered.current = true;
      const draft = { revision: loadedRevision, document: store.getState().document() };
      const journal = readJournal(flowId);
      const found = recoverDraft(journal, draft);
      if (found.kind === "none") clearJournal(flowId);
      else {
        if (found.kind === "conflict" && journal) {
          // Mine stays based on the revision it was made on, so the journal keeps saying "conflict".
          blocked.current = true;
          revision.current = journal.revision;
          setState({ status: "conflict", theirs: { ...draft, updatedAt: loadedAt } });
        }
        // One undoable step: Ctrl+Z shows the draft as the API had it.
        store.getState().replaceDocument(found.document);
      }
    }
    return unsubscribe;
  }, [store, flowId, delayMs, save, loadedRevision, loadedAt]);

  useEffect(() => {
    const unsaved = () => store.getState().changeCount !== storedCount.current && !blocked.current;
    const flushNow = () => {
      if (unsaved()) void save();
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") flushNow();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      flushNow();
      // The journal keeps the work in this browser; the warning says the API may not have it yet.
      if (unsaved()) event.preventDefault();
    };
    window.addEventListener("blur", flushNow);
    window.addEventListener("pagehide", flushNow);
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      // Leaving the editor inside the app (back to the flows list) saves what is pending, too.
      flushNow();
      window.removeEventListener("blur", flushNow);
      window.removeEventListener("pagehide", flushNow);
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [store, save]);

  return {
    state,
    revision,
    /** Saves now (before publishing or a test call) and resolves once stored. */
    flush: () => save(),
    /** Takes their draft: it replaces the canvas as one undoable step, so Ctrl+Z returns to mine. */
    takeTheirs: (theirs: { revision: number; document: FlowDocument }) => {
      blocked.current = false;
      revision.current = theirs.revision;
      store.getState().replaceDocument(theirs.document);
      // Replacing is a change; saving it again at their revision is a no-op in content.
    },
    /** Keeps mine: saves it over theirs. */
    keepMine: (theirs: { revision: number }) => save(theirs.revision),
  };
}
