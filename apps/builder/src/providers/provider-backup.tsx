import { useMutation } from "@tanstack/react-query";
import { errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";

type Provider = RouterOutputs["providers"]["list"][number];

const PHONE_COMPANIES: readonly Provider["kind"][] = ["TWILIO", "SIGNALWIRE", "TELNYX"];
export const isPhoneCompany = (provider: Provider) => PHONE_COMPANIES.includes(provider.kind);
/** Accounts outgoing calls are placed through: the phone companies and the workspace's own phone system. */
const placesCalls = (provider: Provider) => isPhoneCompany(provider) || provider.kind === "ASTERISK";

/** How the account did in the last minute, in words; when it is down, where its outgoing calls go instead. */
function healthWords(status: "up" | "degraded" | "down", backup: Provider | undefined): string {
  if (status === "up") return "Working normally in the last minute.";
  if (status === "degraded") return "Some requests failed in the last minute.";
  return backup
    ? `Not working: outgoing calls go out through ${backup.name} until “Test connection” succeeds.`
    : "Not working: 5 or more requests failed in the last minute. Outgoing calls still try it, as it has no backup account.";
}

export function ProviderHealthLine({ provider, providers }: { provider: Provider; providers: Provider[] }) {
  if (!placesCalls(provider)) return null;
  const status = provider.health?.status ?? "up";
  const backup = providers.find((p) => p.id === provider.failoverAccountId);
  return (
    // Not a live region: the card's status is the result of Test connection; this line is background.
    <p className={status === "up" ? "muted small" : "error small"} data-testid="provider-health">
      {healthWords(status, backup)}
    </p>
  );
}

/** Which phone company account places this one's outgoing calls when it cannot (a PBX's too). */
export function ProviderBackup({
  provider,
  providers,
  onChange,
}: {
  provider: Provider;
  providers: Provider[];
  onChange(): void;
}) {
  const save = useMutation({
    mutationFn: (failoverAccountId: string | null) =>
      trpc.providers.update.mutate({ id: provider.id, failoverAccountId }),
    onSuccess: onChange,
  });
  const others = providers.filter((p) => p.id !== provider.id && isPhoneCompany(p));
  if (!placesCalls(provider) || !others.length) return null;
  return (
    <label className="small">
      When this account cannot place a call, use
      <select
        value={provider.failoverAccountId ?? ""}
        disabled={save.isPending}
        onChange={(e) => save.mutate(e.target.value || null)}
      >
        <option value="">no backup</option>
        {others.map((other) => (
          <option key={other.id} value={other.id}>
            {other.name}
          </option>
        ))}
      </select>
      {save.error && (
        <span className="error" role="alert">
          {errorMessage(save.error)}
        </span>
      )}
    </label>
  );
}
