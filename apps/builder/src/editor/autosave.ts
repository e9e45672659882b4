import type { FlowDocument } from "@ringflow/flow-schema";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorCode, errorDetails, errorMessage, trpc } from "../api/trpc.ts";
import type { FlowStore } from "../store/flow-store.ts";

export type SaveState =
  | { status: "saved"; at: Date | null }
  | { status: "pending" }
  | { status: "saving" }
  | { status: "error"; message: string }
  | { status: "conflict"; theirs: { revision: number; document: FlowDocument; updatedAt: string } };

const backupKey = (flowId: string) => `ringflow.unsaved.${flowId}`;

/**
 * Saves the draft a moment after each change, against the revision it was loaded at. When someone else
 * saved in between, the API answers CONFLICT with their draft; saving stops until the admin chooses.
 * Unsaved work is also kept in localStorage, so a closed tab or a failed save loses nothing.
 */
export function useAutosave(store: FlowStore, flowId: string, initialRevision: number, delayMs = 800) {
  const revision = useRef(initialRevision);
  const [state, setState] = useState<SaveState>({ status: "saved", at: null });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<void> | null>(null);
  const blocked = useRef(false);

  const save = useCallback(
    async (force?: number): Promise<void> => {
      clearTimeout(timer.current);
      if (inFlight.current) await inFlight.current;
      if (blocked.current && force === undefined) return;
      if (force !== undefined) revision.current = force;
      const document = store.getState().document();
      const count = store.getState().changeCount;
      setState({ status: "saving" });
      const run = trpc.flows.saveDraft
        .mutate({ flowId, revision: revision.current, document })
        .then((result) => {
          revision.current = result.revision;
          blocked.current = false;
          if (store.getState().changeCount === count) localStorage.removeItem(backupKey(flowId));
          setState({ status: "saved", at: new Date(result.updatedAt) });
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
          } else setState({ status: "error", message: errorMessage(error) });
        })
        .finally(() => {
          inFlight.current = null;
        });
      inFlight.current = run;
      await run;
    },
    [flowId, store],
  );

  useEffect(() => {
    let last = store.getState().changeCount;
    return store.subscribe((s) => {
      if (s.changeCount === last || s.readOnly) return;
      last = s.changeCount;
      localStorage.setItem(
        backupKey(flowId),
        JSON.stringify({ revision: revision.current, document: s.document() }),
      );
      if (blocked.current) return;
      setState({ status: "pending" });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), delayMs);
    });
  }, [store, flowId, delayMs, save]);

  useEffect(() => () => clearTimeout(timer.current), []);

  return {
    state,
    revision,
    /** Saves now (before publishing or a test call) and resolves once stored. */
    flush: () =>
      state.status === "pending" || timer.current ? save() : (inFlight.current ?? Promise.resolve()),
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
