import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";
import { ConfirmDialog } from "../app/confirm-dialog.tsx";
import { BrowserPhonesForm } from "./browser-phones-form.tsx";
import { isPhoneCompany, ProviderBackup, ProviderHealthLine } from "./provider-backup.tsx";
import { ProviderForm } from "./provider-form.tsx";
import { ProviderNumbers } from "./provider-numbers.tsx";

type Provider = RouterOutputs["providers"]["list"][number];

const KIND_LABEL: Record<Provider["kind"], string> = {
  TWILIO: "Twilio",
  ASTERISK: "Asterisk (ARI)",
  SIGNALWIRE: "SignalWire",
  TELNYX: "Telnyx",
  DEMO: "Demo, no phone company",
};

function TestStatus({ provider }: { provider: Provider }) {
  if (provider.kind === "DEMO")
    return (
      <p className="notice small">
        Numbers of the demo answer test calls only: they bind to a flow at once, without a phone company, and
        no real phone can call them. Connect a Twilio, SignalWire or Telnyx account or an Asterisk server for
        real calls.
      </p>
    );
  if (!provider.credentialsReadable)
    return (
      <p className="error small">The key that sealed these credentials is gone: remove and connect again.</p>
    );
  if (!provider.lastTestedAt) return <p className="muted small">Not tested yet.</p>;
  const when = new Date(provider.lastTestedAt).toLocaleString(undefined, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  // The carrier's answer first ("Connected to the Telnyx TeXML application …"), then when it was asked.
  return (
    <p className={provider.lastTestOk ? "ok small" : "error small"} role="status">
      {provider.lastTestOk ? "" : "Not connected. "}
      {provider.lastTestMessage} <span className="muted">Tested {when}.</span>
    </p>
  );
}

const CONNECTION_CLASS: Record<NonNullable<Provider["connection"]>["state"], string> = {
  connected: "ok small",
  reconnecting: "error small",
  refused: "error small",
  unknown: "muted small",
};

/** An Asterisk server's live connection as the runtime reports it ("Reconnecting since 10:42: …"). */
function ConnectionStatus({ connection }: { connection: NonNullable<Provider["connection"]> }) {
  return (
    <p className={CONNECTION_CLASS[connection.state]} data-testid="connection-state">
      Live connection: {connection.words}
    </p>
  );
}

function ProviderCard({
  provider,
  providers,
  onChange,
}: {
  provider: Provider;
  providers: Provider[];
  onChange(): void;
}) {
  const [showNumbers, setShowNumbers] = useState(false);
  const test = useMutation({
    mutationFn: () => trpc.providers.testConnection.mutate({ id: provider.id }),
    onSettled: onChange,
  });
  const remove = useMutation({
    mutationFn: () => trpc.providers.delete.mutate({ id: provider.id }),
    onSuccess: onChange,
    onSettled: () => setRemoving(false),
  });
  const [removing, setRemoving] = useState(false);
  return (
    <li className="card stack">
      <div className="row">
        <strong>{provider.name}</strong>
        <span className="muted small">
          {KIND_LABEL[provider.kind]}
          {provider.kind !== "DEMO" && ` · ${provider.externalId}`}
        </span>
      </div>
      {provider.connection && <ConnectionStatus connection={provider.connection} />}
      <TestStatus provider={provider} />
      <ProviderHealthLine provider={provider} providers={providers} />
      {(test.error ?? remove.error) && (
        <p className="error" role="alert">
          {errorMessage(test.error ?? remove.error)}
        </p>
      )}
      <div className="row">
        {provider.kind !== "DEMO" && (
          <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
            {test.isPending ? "Testing…" : "Test connection"}
          </button>
        )}
        {isPhoneCompany(provider) && (
          <button type="button" onClick={() => setShowNumbers(!showNumbers)} aria-expanded={showNumbers}>
            {showNumbers ? "Hide numbers" : "Numbers on this account"}
          </button>
        )}
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => setRemoving(true)}
        >
          Remove
        </button>
      </div>
      <ProviderBackup provider={provider} providers={providers} onChange={onChange} />
      {showNumbers && <ProviderNumbers providerAccountId={provider.id} carrier={KIND_LABEL[provider.kind]} />}
      {provider.kind === "ASTERISK" && provider.credentialsReadable && (
        <BrowserPhonesForm provider={provider} onChange={onChange} />
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${provider.name}?`}
          confirmLabel="Remove"
          danger
          busy={remove.isPending}
          onConfirm={() => remove.mutate()}
          onCancel={() => setRemoving(false)}
        >
          <p>
            Its numbers stay in the workspace, but calls to them no longer reach Ringflow until they are
            connected again.
          </p>
        </ConfirmDialog>
      )}
    </li>
  );
}

/** Where an owner or admin connects the carriers that deliver calls: phone company accounts and Asterisk servers. */
export function ProvidersPage() {
  const client = useQueryClient();
  const providers = useQuery({
    queryKey: ["providers.list"],
    queryFn: () => trpc.providers.list.query(),
    // An Asterisk connection changes on its own (a restart, the network): asked again while it is shown.
    refetchInterval: (query) => (query.state.data?.some((p) => p.connection) ? 15_000 : false),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ["providers.list"] });
  return (
    <main className="page providers">
      <h1>Providers</h1>
      <p className="muted">
        Calls reach Ringflow through a Twilio, SignalWire or Telnyx account or an Asterisk server. Credentials
        are stored encrypted and never shown again.
      </p>
      {providers.error && (
        <p className="error" role="alert">
          {errorMessage(providers.error)}
        </p>
      )}
      {providers.data?.length === 0 && <p className="empty">No provider connected yet. Connect one below.</p>}
      <ul className="plain stack">
        {(providers.data ?? []).map((provider) => (
          <ProviderCard
            key={provider.id}
            provider={provider}
            providers={providers.data ?? []}
            onChange={refresh}
          />
        ))}
      </ul>
      <ProviderForm onCreated={refresh} />
    </main>
  );
}
