import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage, trpc, type RouterInputs, type RouterOutputs } from "../api/trpc.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { ImportReport } from "./import-report.tsx";
import { navigate } from "./router.ts";

type ImportResult = RouterOutputs["flows"]["import"];

/** The workspace's flows, with what is live and which numbers answer with them. */
export function FlowsPage() {
  const client = useQueryClient();
  const flows = useQuery({
    queryKey: ["flows.list"],
    queryFn: () => trpc.flows.list.query({ includeArchived: false }),
  });
  const numbers = useQuery({ queryKey: ["numbers.list"], queryFn: () => trpc.numbers.list.query() });
  const templates = useQuery({ queryKey: ["flows.templates"], queryFn: () => trpc.flows.templates.query() });
  const [creating, setCreating] = useState(false);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const create = useMutation({
    mutationFn: (input: RouterInputs["flows"]["create"]) => trpc.flows.create.mutate(input),
    onSuccess: (flow) => {
      void client.invalidateQueries({ queryKey: ["flows.list"] });
      navigate(`/flows/${flow.id}`);
    },
  });
  const importFlow = useMutation({
    mutationFn: (input: RouterInputs["flows"]["import"]) => trpc.flows.import.mutate(input),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ["flows.list"] });
      setImported(result);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const templateId = String(form.get("template") ?? "");
    create.mutate({
      name: String(form.get("name") ?? ""),
      ...(templateId
        ? { templateId: templateId as NonNullable<RouterInputs["flows"]["create"]["templateId"]> }
        : {}),
    });
  };

  const refreshList = () => client.invalidateQueries({ queryKey: ["flows.list"] });
  const duplicate = useMutation({
    mutationFn: (flowId: string) => trpc.flows.duplicate.mutate({ flowId }),
    onSuccess: refreshList,
  });
  const archive = useMutation({
    mutationFn: (flowId: string) => trpc.flows.archive.mutate({ flowId }),
    onSuccess: refreshList,
    onSettled: () => setArchiving(null),
  });
  const [archiving, setArchiving] = useState<{ id: string; name: string } | null>(null);
  const rowError = duplicate.error ?? archive.error;

  const numbersOf = (flowId: string) => (numbers.data ?? []).filter((n) => n.binding?.flow.id === flowId);

  return (
    <main className="page">
      <div className="page-head">
        <h1>Call flows</h1>
        <div className="row">
          <label className="button secondary file-button">
            Import (Ringflow or Twilio Studio JSON)
            <input
              type="file"
              accept="application/json,.json"
              className="visually-hidden"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file) importFlow.mutate({ content: await file.text() });
                e.target.value = "";
              }}
            />
          </label>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New flow
          </button>
        </div>
      </div>
      {importFlow.error && (
        <p className="error" role="alert">
          Import failed: {errorMessage(importFlow.error)}
        </p>
      )}
      {creating && (
        <form className="card stack create-flow" onSubmit={submit} aria-label="New flow">
          <h2>New flow</h2>
          <label>
            Name
            <input name="name" required autoFocus placeholder="Main line" />
          </label>
          <label>
            Start from
            <select name="template" defaultValue="">
              <option value="">A blank canvas</option>
              {(templates.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  Template: {t.label}
                </option>
              ))}
            </select>
          </label>
          {create.error && (
            <p className="error" role="alert">
              {errorMessage(create.error)}
            </p>
          )}
          <div className="row">
            <button type="submit" className="primary" disabled={create.isPending}>
              Create and open
            </button>
            <button type="button" onClick={() => setCreating(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {rowError && (
        <p className="error" role="alert">
          {errorMessage(rowError)}
        </p>
      )}
      {flows.isPending ? (
        <p className="muted">Loading flows…</p>
      ) : flows.error ? (
        <p className="error" role="alert">
          {errorMessage(flows.error)}
        </p>
      ) : flows.data.length === 0 ? (
        <div className="empty-state">
          <h2>No call flows yet</h2>
          <p>
            A call flow decides what callers hear and where their call goes. Start from a template or a blank
            canvas.
          </p>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            Create your first flow
          </button>
        </div>
      ) : (
        <table className="flows-table">
          <thead>
            <tr>
              <th scope="col">Flow</th>
              <th scope="col">Live version</th>
              <th scope="col">Phone numbers</th>
              <th scope="col">Draft saved</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.data.map((flow) => (
              <tr key={flow.id}>
                <td>
                  <a
                    href={`/flows/${flow.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/flows/${flow.id}`);
                    }}
                  >
                    {flow.name}
                  </a>
                  {flow.description && <div className="muted small">{flow.description}</div>}
                </td>
                <td>
                  {flow.liveVersion ? (
                    <span className="pill live">Version {flow.liveVersion.number} live</span>
                  ) : (
                    <span className="pill">Not published</span>
                  )}
                </td>
                <td>
                  {numbersOf(flow.id)
                    .map((n) => n.e164)
                    .join(", ") || <span className="muted">None</span>}
                </td>
                <td className="muted small">{new Date(flow.draftUpdatedAt).toLocaleString()}</td>
                <td className="row-actions">
                  <button type="button" className="link" onClick={() => duplicate.mutate(flow.id)}>
                    Duplicate
                  </button>
                  <button
                    type="button"
                    className="link danger"
                    onClick={() => setArchiving({ id: flow.id, name: flow.name })}
                  >
                    Archive
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {imported && <ImportReport result={imported} onClose={() => setImported(null)} />}
      {archiving && (
        <ConfirmDialog
          title={`Archive “${archiving.name}”?`}
          confirmLabel="Archive"
          danger
          busy={archive.isPending}
          onConfirm={() => archive.mutate(archiving.id)}
          onCancel={() => setArchiving(null)}
        >
          <p>It disappears from this list. Its versions are kept, and it can be restored later.</p>
        </ConfirmDialog>
      )}
    </main>
  );
}
