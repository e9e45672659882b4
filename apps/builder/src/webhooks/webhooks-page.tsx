import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@ringflow/flow-schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";
import { ConfirmDialog } from "../app/confirm-dialog.tsx";
import "./webhooks.css";

type Webhook = RouterOutputs["integrations"]["listWebhooks"][number];
type Delivery = RouterOutputs["integrations"]["webhookDeliveries"][number];

export const EVENT_WORDS: Record<WebhookEventType, string> = {
  "call.started": "A call starts",
  "call.ended": "A call ends, with its outcome",
  "voicemail.received": "A caller leaves a voicemail",
  "recording.ready": "A call recording is ready",
};

const DELIVERY_WORDS: Record<Delivery["status"], string> = {
  PENDING: "Sending (tried again if it fails)",
  DELIVERED: "Delivered",
  FAILED: "Not delivered",
};

const when = (date: Date | string) =>
  new Date(date).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });

/** The server's last answer to a delivery, in words. */
function answerOf(d: Delivery): string {
  if (d.status === "DELIVERED") return d.lastStatusCode ? `Accepted (${d.lastStatusCode})` : "Accepted";
  if (d.lastStatusCode) return `Refused with code ${d.lastStatusCode}`;
  if (d.lastError) return d.lastError;
  return d.attempts === 0 ? "Not tried yet" : "No answer";
}

/** For admins: the addresses Ringflow tells about calls, voicemails and recordings, signed, with what was sent. */
export function WebhooksPage() {
  const id = useId();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const hooks = useQuery({
    queryKey: ["integrations.listWebhooks"],
    queryFn: () => trpc.integrations.listWebhooks.query(),
  });
  return (
    <main className="page webhooks-page stack">
      <div className="page-head">
        <h1 id={`${id}-title`}>Webhooks</h1>
        {!adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Add a webhook
          </button>
        )}
      </div>
      <p className="muted">
        Ringflow sends a message to your own system&rsquo;s address when something happens, signed so your
        system can tell it came from Ringflow. A message that does not get through is sent again a few times.
      </p>
      {secret && <SecretNotice {...secret} onDone={() => setSecret(null)} />}
      {adding && (
        <AddWebhook
          onAdded={(created) => {
            setAdding(false);
            setSecret(created);
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {hooks.error && (
        <p className="error" role="alert">
          {errorMessage(hooks.error)}
        </p>
      )}
      {hooks.data?.length === 0 && !adding && <p className="empty">No webhooks yet.</p>}
      {hooks.data?.map((hook) => (
        <WebhookCard key={hook.id} hook={hook} />
      ))}
    </main>
  );
}

/** The signing secret, shown once: it is stored sealed and never shown again. */
function SecretNotice({ url, secret, onDone }: { url: string; secret: string; onDone(): void }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="card stack secret-notice" aria-label="Signing secret">
      <h2>Copy the signing secret now</h2>
      <p>
        Messages to <strong>{url}</strong> are signed with this secret. Keep it in your system to check the
        signature. It is shown only this once; to get another, delete the webhook and add it again.
      </p>
      <code className="secret" aria-label="The signing secret">
        {secret}
      </code>
      <div className="row">
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className="primary" onClick={onDone}>
          I have kept it
        </button>
      </div>
    </section>
  );
}

function AddWebhook({
  onAdded,
  onCancel,
}: {
  onAdded(created: { url: string; secret: string }): void;
  onCancel(): void;
}) {
  const id = useId();
  const client = useQueryClient();
  const [url, setUrl] = useState("https://");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>(["call.ended"]);
  const create = useMutation({
    mutationFn: () =>
      trpc.integrations.createWebhook.mutate({ url: url.trim(), events, description: description.trim() }),
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: ["integrations.listWebhooks"] });
      onAdded({ url: created.url, secret: created.secret });
    },
  });
  return (
    <form
      className="card stack"
      aria-label="Add a webhook"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h2>Add a webhook</h2>
      <div className="field">
        <label htmlFor={`${id}-url`} className="field-label">
          Address
        </label>
        <input id={`${id}-url`} type="url" value={url} onChange={(e) => setUrl(e.target.value)} required />
        <p className="help">Your system&rsquo;s full address, starting with https://</p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`} className="field-label">
          What it is for <span className="field-optional">optional</span>
        </label>
        <input
          id={`${id}-description`}
          value={description}
          maxLength={200}
          placeholder="CRM call log"
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <fieldset className="field field-group">
        <legend>Send a message when</legend>
        {WEBHOOK_EVENT_TYPES.map((event) => (
          <label key={event} className="check">
            <input
              type="checkbox"
              checked={events.includes(event)}
              onChange={(e) =>
                setEvents(e.target.checked ? [...events, event] : events.filter((x) => x !== event))
              }
            />
            {EVENT_WORDS[event]}
          </label>
        ))}
      </fieldset>
      {create.error && (
        <p className="error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={create.isPending || events.length === 0}>
          Add webhook
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {events.length === 0 && <span className="muted small">Choose at least one thing to send.</span>}
      </div>
    </form>
  );
}

function WebhookCard({ hook }: { hook: Webhook }) {
  const id = useId();
  const client = useQueryClient();
  const [removing, setRemoving] = useState(false);
  const refresh = () => void client.invalidateQueries({ queryKey: ["integrations.listWebhooks"] });
  const toggle = useMutation({
    mutationFn: () => trpc.integrations.updateWebhook.mutate({ endpointId: hook.id, enabled: !hook.enabled }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => trpc.integrations.deleteWebhook.mutate({ endpointId: hook.id }),
    onSuccess: () => {
      setRemoving(false);
      refresh();
    },
  });
  const error = toggle.error ?? remove.error;
  return (
    <section className="card stack webhook" aria-labelledby={`${id}-url`} data-webhook={hook.url}>
      <header className="row webhook-head">
        <div>
          <h2 id={`${id}-url`} className="webhook-url">
            {hook.url}
          </h2>
          {hook.description && <p className="muted small">{hook.description}</p>}
        </div>
        <span className="spacer" />
        <span className={hook.enabled ? "pill live" : "pill"}>{hook.enabled ? "Sending" : "Paused"}</span>
      </header>
      <p className="small">
        Sends: {hook.events.map((e) => EVENT_WORDS[e as WebhookEventType] ?? e).join("; ")}.
      </p>
      <Deliveries endpointId={hook.id} />
      {error && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      <div className="row">
        <button type="button" disabled={toggle.isPending} onClick={() => toggle.mutate()}>
          {hook.enabled ? "Pause sending" : "Start sending again"}
        </button>
        <button type="button" className="danger" onClick={() => setRemoving(true)}>
          Delete
        </button>
      </div>
      {removing && (
        <ConfirmDialog
          title="Delete this webhook?"
          confirmLabel="Delete webhook"
          danger
          busy={remove.isPending}
          onConfirm={() => remove.mutate()}
          onCancel={() => setRemoving(false)}
        >
          <p>
            Ringflow stops sending messages to {hook.url}, and its list of messages sent goes too. This cannot
            be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const deliveries = useQuery({
    queryKey: ["integrations.webhookDeliveries", endpointId],
    queryFn: () => trpc.integrations.webhookDeliveries.query({ endpointId }),
    refetchInterval: 10_000,
  });
  if (deliveries.error)
    return (
      <p className="error small" role="alert">
        {errorMessage(deliveries.error)}
      </p>
    );
  const rows = (deliveries.data ?? []).slice(0, 10);
  if (deliveries.isSuccess && rows.length === 0)
    return <p className="muted small">Nothing sent yet. Messages show here as they go out.</p>;
  if (rows.length === 0) return null;
  return (
    <table className="flows-table deliveries">
      <caption className="visually-hidden">Messages sent lately</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">What happened</th>
          <th scope="col">Sent</th>
          <th scope="col">Tries</th>
          <th scope="col">Their system&rsquo;s answer</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id} data-delivery={d.status}>
            <td>{when(d.createdAt)}</td>
            <td>{EVENT_WORDS[d.event as WebhookEventType] ?? d.event}</td>
            <td className={d.status === "FAILED" ? "below" : undefined}>{DELIVERY_WORDS[d.status]}</td>
            <td>{d.attempts}</td>
            <td>{answerOf(d)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
