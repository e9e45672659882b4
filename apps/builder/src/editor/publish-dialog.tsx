import type { Problem } from "@ringflow/flow-schema";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorDetails, errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";

type Published = RouterOutputs["flows"]["publish"];

/** Publishing asks what changed; the API refuses a draft with errors and lists them node by node. */
export function PublishDialog({
  flowId,
  prepare,
  onDone,
  onCancel,
  onShowProblem,
}: {
  flowId: string;
  /** Saves pending edits and returns the draft revision to publish. */
  prepare(): Promise<number>;
  onDone(result: Published): void;
  onCancel(): void;
  onShowProblem(nodeId: string): void;
}) {
  const client = useQueryClient();
  const [changelog, setChangelog] = useState("");
  const publish = useMutation({
    mutationFn: async () => trpc.flows.publish.mutate({ flowId, changelog, revision: await prepare() }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ["flows.versions", flowId] });
      void client.invalidateQueries({ queryKey: ["flows.list"] });
      onDone(result);
    },
  });
  const blocking: Problem[] = (errorDetails(publish.error)?.problems as Problem[] | undefined) ?? [];
  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        role="dialog"
        aria-label="Publish"
        onSubmit={(e) => {
          e.preventDefault();
          publish.mutate();
        }}
      >
        <h2>Publish a new version</h2>
        <p className="muted">
          Calls to numbers bound to this flow will use it right away. You can roll back at any time.
        </p>
        <label>
          What changed?
          <textarea
            rows={3}
            value={changelog}
            onChange={(e) => setChangelog(e.target.value)}
            placeholder="Added a billing option to the main menu"
            autoFocus
          />
        </label>
        {publish.error && (
          <div className="error" role="alert">
            <p>{errorMessage(publish.error)}</p>
            {blocking.length > 0 && (
              <ul>
                {blocking.map((p, i) => (
                  <li key={i}>
                    {p.nodeId ? (
                      <button type="button" className="link" onClick={() => onShowProblem(p.nodeId!)}>
                        {p.nodeId}
                      </button>
                    ) : null}{" "}
                    {p.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={publish.isPending}>
            {publish.isPending ? "Publishing…" : "Publish"}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
