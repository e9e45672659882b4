import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, trpc, type RouterInputs } from "../api/trpc.ts";
import { ConfirmDialog } from "../app/confirm-dialog.tsx";
import { SidePanel } from "../editor/side-panel.tsx";

/** The draft or a version number, as the API's diff takes it. */
export type DocumentRef = RouterInputs["flows"]["diff"]["from"];

interface HistoryPanelProps {
  flowId: string;
  onCompare(from: DocumentRef, to: DocumentRef): void;
  /** The version is live again: the editor shows it as the draft. */
  onRolledBack(versionNumber: number): Promise<void> | void;
  /** The version shown on the canvas (read-only), if one is. */
  viewing?: number | null;
  /** Show a version on the canvas as published; null goes back to the draft. */
  onView?(versionNumber: number | null): void;
  onClose(): void;
}

const refLabel = (ref: DocumentRef) => (ref === "draft" ? "Current draft" : `Version ${ref}`);

/** Every published version, newest first: compare any two, or make an older one live again. */
export function HistoryPanel({
  flowId,
  onCompare,
  onRolledBack,
  viewing = null,
  onView,
  onClose,
}: HistoryPanelProps) {
  const client = useQueryClient();
  const versions = useQuery({
    queryKey: ["flows.versions", flowId],
    queryFn: () => trpc.flows.versions.query({ flowId }),
  });
  const rollback = useMutation({
    mutationFn: (versionNumber: number) => trpc.flows.rollback.mutate({ flowId, versionNumber }),
    onSuccess: async (_, versionNumber) => {
      setRollingBack(null);
      await client.invalidateQueries({ queryKey: ["flows.versions", flowId] });
      await onRolledBack(versionNumber);
    },
  });
  const [rollingBack, setRollingBack] = useState<number | null>(null);
  const list = versions.data ?? [];
  const [from, setFrom] = useState<DocumentRef | null>(null);
  const [to, setTo] = useState<DocumentRef | null>(null);
  const refs: DocumentRef[] = ["draft", ...list.map((v) => v.number)];
  const chosenFrom = from ?? list[1]?.number ?? list[0]?.number ?? "draft";
  const chosenTo = to ?? (list[1] ? list[0]!.number : "draft");

  return (
    <SidePanel title="Version history" onClose={onClose}>
      {versions.isPending && <p className="muted">Loading versions…</p>}
      {versions.error && <p className="error">{errorMessage(versions.error)}</p>}
      {versions.data && list.length === 0 && (
        <p className="empty">
          Nothing published yet. Publish the draft to create version 1; callers only ever hear published
          versions.
        </p>
      )}
      {list.length > 0 && (
        <form
          className="compare card"
          aria-label="Compare versions"
          onSubmit={(e) => {
            e.preventDefault();
            onCompare(chosenFrom, chosenTo);
          }}
        >
          <h3>Compare</h3>
          <div className="row">
            <RefSelect label="From" value={chosenFrom} refs={refs} onChange={setFrom} />
            <RefSelect label="To" value={chosenTo} refs={refs} onChange={setTo} />
          </div>
          <button type="submit" className="secondary" disabled={chosenFrom === chosenTo}>
            Show changes on the canvas
          </button>
        </form>
      )}
      {rollback.error && (
        <p className="error" role="alert">
          {errorMessage(rollback.error)}
        </p>
      )}
      <ol className="versions">
        {list.map((v) => (
          <li
            key={v.id}
            className={`version${v.live ? " live" : ""}${viewing === v.number ? " viewing" : ""}`}
            data-version={v.number}
            aria-current={viewing === v.number ? "true" : undefined}
          >
            <div className="row">
              <strong>Version {v.number}</strong>
              {v.live && <span className="pill live">Live</span>}
              {viewing === v.number && <span className="pill">On the canvas</span>}
              <span className="spacer" />
              <span className="muted small">{new Date(v.createdAt).toLocaleString()}</span>
            </div>
            <p>{v.changelog || <span className="muted">No description of the changes.</span>}</p>
            <div className="row">
              {onView && viewing !== v.number && (
                <button type="button" className="link" onClick={() => onView(v.number)}>
                  Look at this version
                </button>
              )}
              {v.number > 1 && (
                <button type="button" className="link" onClick={() => onCompare(v.number - 1, v.number)}>
                  What changed
                </button>
              )}
              {!v.live && (
                <button
                  type="button"
                  className="link"
                  disabled={rollback.isPending}
                  onClick={() => setRollingBack(v.number)}
                >
                  Roll back to this version
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      {rollingBack !== null && (
        <ConfirmDialog
          title={`Roll back to version ${rollingBack}?`}
          confirmLabel={`Make version ${rollingBack} live`}
          busy={rollback.isPending}
          onConfirm={() => rollback.mutate(rollingBack)}
          onCancel={() => setRollingBack(null)}
        >
          <p>Calls will use version {rollingBack} right away.</p>
          <p>
            The canvas then shows version {rollingBack} as your draft, so what you edit next starts from it.
            Your current draft is not lost: Ctrl+Z brings it back.
          </p>
        </ConfirmDialog>
      )}
    </SidePanel>
  );
}

function RefSelect({
  label,
  value,
  refs,
  onChange,
}: {
  label: string;
  value: DocumentRef;
  refs: DocumentRef[];
  onChange(ref: DocumentRef): void;
}) {
  return (
    <label>
      {label}
      <select
        value={String(value)}
        onChange={(e) => onChange(e.target.value === "draft" ? "draft" : Number(e.target.value))}
      >
        {refs.map((r) => (
          <option key={r} value={String(r)}>
            {refLabel(r)}
          </option>
        ))}
      </select>
    </label>
  );
}
