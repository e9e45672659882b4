import { useMutation } from "@tanstack/react-query";
import { errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";

type Provider = RouterOutputs["providers"]["list"][number];

const PHONE_COMPANIES: readonly Provider["kind"][] = ["TWILIO", "SIGNALWIRE", "TELNYX"];
export const isPhoneCompany = (provider: Provider) => PHONE_COMPANIES.includes(provider.kind);
/** Accounts outgoing calls are placed through: the phone companies and the workspace's own phone system. */
const placesCalls = (provider: Provider) => isPhoneCompany(provider) || provider.kind === "ASTERISK";

const HEALTH_WORDS = {
  up: "Working normally in the last minute.",
  degraded: "Some requests failed in the last minute.",
  down: "Not working: calls go out through the backup until “Test connection” succeeds.",
} as const;

/** How the account did in the last minute, in words. */
export function ProviderHealthLine({ provider }: { provider: Provider }) {
  if (!placesCalls(provider)) return null;
  const status = provider.health?.status ?? "up";
  return (
    // Not a live region: the card's status is the result of Test connection; this line is background.
    <p className={status === "up" ? "muted small" : "error small"}>{HEALTH_WORDS[status]}</p>
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
