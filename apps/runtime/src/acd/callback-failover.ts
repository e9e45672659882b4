import type { Db } from "@ringflow/db";
import { placeWithFailover, type ProviderHealth } from "@ringflow/platform";
import type { Offer } from "@ringflow/queues";
import type { CallProviderName } from "../calls/call-record.ts";
import type { Clock } from "../calls/clock.ts";
import type { LogStream } from "../calls/log-stream.ts";
import type { QueueDelivery } from "./queue-delivery.ts";
import type { QueuedCall, QueuedCalls } from "./queued-calls.ts";

/** The carriers whose callbacks are a conference held at the carrier: a backup of these can hold it instead. */
const CONFERENCE_CARRIERS = ["TWILIO", "SIGNALWIRE", "TELNYX"] as const;
type ConferenceCarrier = (typeof CONFERENCE_CARRIERS)[number];
export const isConferenceCarrier = (kind: string): kind is ConferenceCarrier =>
  (CONFERENCE_CARRIERS as readonly string[]).includes(kind);

export interface CallbackFailoverDeps {
  db: Db;
  calls: QueuedCalls;
  log: LogStream;
  clock: Clock;
  deliveries: Partial<Record<CallProviderName, QueueDelivery>>;
  /** Accounts marked down are passed over for their backup; without it none is. */
  health?: ProviderHealth | undefined;
}

/**
 * A callback's offer, rung through the call's account or, when that one is marked down or refuses the first
 * leg in a way another carrier may not (unreachable, its own failure, rate limiting), through the backup
 * account it names: the whole callback moves there (the agent's leg, then the caller's, and the conference
 * they meet in), and the queued call says so for everything that follows. Each attempt and its reason goes
 * into the call's log as an outbound call's placement does; a refusal of the number itself is final.
 */
export async function ringCallback(
  deps: CallbackFailoverDeps,
  call: QueuedCall,
  offer: Offer,
  decline: (agentId: string) => Promise<void>,
): Promise<void> {
  const chain = await carriersOf(deps.db, call);
  const declineAll = async () => {
    for (const agent of offer.agents) await decline(agent.agentId);
  };
  const placement = await placeWithFailover(chain, {
    isDown: async (accountId) => (await deps.health?.isDown(accountId)) ?? false,
    place: async (account) => {
      const carried: QueuedCall =
        account.id === call.providerAccountId
          ? call
          : // The backup's own account id at the carrier comes only with its webhooks (Telnyx's paths name it).
            { ...call, provider: account.kind, providerAccountId: account.id, carrierAccountSid: null };
      const delivery = deps.deliveries[account.kind];
      if (!delivery) throw new Error(`this runtime does not deliver ${account.kind} calls`);
      // Stored before the first leg rings: its answer, moments later, must find the carrier that holds it.
      if (carried !== call) await deps.calls.carry(carried);
      const refused = new Map<string, unknown>();
      await delivery.ring(carried, offer, async (agentId, error) => void refused.set(agentId, error));
      if (refused.size === offer.agents.length && refused.size) throw refused.values().next().value;
      for (const agentId of refused.keys()) await decline(agentId);
      return carried;
    },
  });
  const seq = await deps.calls.nextLogSeq(call.tenantId, call.callId);
  await deps.log.append({
    call: call.logCall,
    create: false,
    events: [
      {
        seq,
        at: deps.clock(),
        type: "call.placed",
        nodeId: null,
        port: null,
        data: { attempts: placement.attempts },
      },
    ],
    consents: [],
    recordings: [],
  });
  if (placement.ok) return;
  if (chain.some((account) => account.id !== call.providerAccountId)) await deps.calls.carry(call);
  await declineAll();
}

/** The call's account, then the backup it names (the tenant's, and one that can hold the conference). */
async function carriersOf(db: Db, call: QueuedCall) {
  const where = (id: string) => ({ id, tenantId: call.tenantId });
  const select = { id: true, kind: true, failoverAccountId: true } as const;
  const primary = call.providerAccountId
    ? await db.providerAccount.findFirst({ where: where(call.providerAccountId), select })
    : null;
  const backup = primary?.failoverAccountId
    ? await db.providerAccount.findFirst({ where: where(primary.failoverAccountId), select })
    : null;
  return [primary, backup].filter(
    (row): row is { id: string; kind: ConferenceCarrier; failoverAccountId: string | null } =>
      !!row && isConferenceCarrier(row.kind),
  );
}
