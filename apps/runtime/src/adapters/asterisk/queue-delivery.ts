import type { Db } from "@ringflow/db";
import { ASTERISK_CALL_ID_HEADER } from "@ringflow/flow-schema";
import type { Logger } from "@ringflow/platform";
import type { EndpointKind, Offer } from "@ringflow/queues";
import type { QueueDelivery } from "../../acd/queue-delivery.ts";
import type { QueuedCall, QueuedCalls } from "../../acd/queued-calls.ts";
import type { Clock } from "../../calls/clock.ts";
import type { AsteriskAccount } from "./ari-application.ts";
import { ariHttp } from "./ari-http.ts";
import { asteriskAccountFor } from "./asterisk-account.ts";
import { dialString } from "./dial-string.ts";

/**
 * An agent's leg is named for what it rings, so its events alone say which offer it answers; the offer id
 * comes last (the queue engine's ids hold dots).
 */
const AGENT_LEG = "ringflow-agent.";
export const agentLegId = (callId: string, offerId: string, agentId: string) =>
  `${AGENT_LEG}${callId}.${agentId}.${offerId}`;

export function parseAgentLeg(id: string): { callId: string; offerId: string; agentId: string } | null {
  if (!id.startsWith(AGENT_LEG)) return null;
  const [callId, agentId, ...offer] = id.slice(AGENT_LEG.length).split(".");
  const offerId = offer.join(".");
  return callId && offerId && agentId ? { callId, offerId, agentId } : null;
}

/** Asterisk rings a leg for at least this long and at most this long. */
const MIN_RING_SECONDS = 5;
const MAX_RING_SECONDS = 600;

/**
 * Where an agent's endpoint rings on the tenant's PBX: a SIP endpoint (`PJSIP/<extension>` of a browser or
 * desk phone, or a sip: address) directly, a phone number through the PBX's dialplan (the caller's context).
 */
export function agentDialString(kind: EndpointKind, address: string, context: string): string | null {
  switch (kind) {
    case "sip":
      return dialString({ type: "sip", value: address }, context);
    case "phone":
      return dialString({ type: "phone", value: address }, context);
    case "twilio-client":
      return null;
  }
}

export interface AsteriskQueueDeliveryDeps {
  db: Db;
  calls: QueuedCalls;
  clock: Clock;
  logger: Pick<Logger, "warn">;
  allowNetworks: readonly string[];
}

/**
 * Queue delivery on Asterisk: each agent of an offer gets a leg originated into the account's Stasis
 * application; the process holding the connection sees it answer (StasisStart) and accepts the offer. Any
 * process may ring (ARI over HTTP, no connection needed); the waiting caller looks at its queue every second.
 */
export class AsteriskQueueDelivery implements QueueDelivery {
  readonly reaches: EndpointKind[] = ["sip", "phone"];

  constructor(private readonly deps: AsteriskQueueDeliveryDeps) {}

  private async account(call: QueuedCall): Promise<AsteriskAccount> {
    const account = call.providerAccountId
      ? await asteriskAccountFor(this.deps.db, call.tenantId, call.providerAccountId)
      : null;
    if (!account) throw new Error(`call ${call.callId} has no usable Asterisk account`);
    return account;
  }

  private async ari(
    account: AsteriskAccount,
    method: "GET" | "POST" | "DELETE",
    path: string,
    query?: Record<string, string>,
    body?: Record<string, unknown>,
  ) {
    const response = await ariHttp(account, {
      method,
      path,
      ...(query ? { query } : {}),
      ...(body ? { body } : {}),
      allowNetworks: this.deps.allowNetworks,
    });
    if (response.status >= 300) throw new Error(`ARI ${method} ${path} answered ${response.status}`);
    return response.body.length ? (JSON.parse(response.body.toString("utf8")) as unknown) : null;
  }

  async ring(call: QueuedCall, offer: Offer, unreachable: (agentId: string) => Promise<void>): Promise<void> {
    const account = await this.account(call);
    const caller = (await this.ari(
      account,
      "GET",
      `/channels/${encodeURIComponent(call.providerCallId)}`,
    )) as {
      dialplan?: { context?: string };
    } | null;
    const context = caller?.dialplan?.context ?? "default";
    const seconds = Math.round((offer.expiresAt - this.deps.clock()) / 1000);
    const timeout = Math.min(MAX_RING_SECONDS, Math.max(MIN_RING_SECONDS, seconds));
    await Promise.all(
      offer.agents.map(async (agent) => {
        const endpoint = agentDialString(agent.kind, agent.address, context);
        if (!endpoint) return unreachable(agent.agentId);
        const leg = agentLegId(call.callId, offer.offerId, agent.agentId);
        try {
          await this.deps.calls.addLeg(call.tenantId, offer.offerId, agent.agentId, leg);
          await this.ari(
            account,
            "POST",
            `/channels/${encodeURIComponent(leg)}`,
            {
              endpoint,
              app: account.applicationName,
              appArgs: "ringflow:agent",
              callerId: call.from,
              timeout: String(timeout),
              originator: call.providerCallId,
            },
            // The INVITE names our call: the desktop's browser phone takes only calls that say which they are.
            { variables: { [`PJSIP_HEADER(add,${ASTERISK_CALL_ID_HEADER})`]: call.callId } },
          );
        } catch (error) {
          this.deps.logger.warn(
            { err: error, callId: call.callId, agentId: agent.agentId },
            "could not ring an agent",
          );
          await unreachable(agent.agentId);
        }
      }),
    );
  }

  /** The waiting caller looks at its queue every second: nothing to wake. */
  async poke(): Promise<void> {}

  async hangUp(call: QueuedCall, legs: string[]): Promise<void> {
    if (!legs.length) return;
    const account = await this.account(call);
    await Promise.all(
      legs.map((leg) =>
        this.ari(account, "DELETE", `/channels/${encodeURIComponent(leg)}`).catch((error: unknown) =>
          this.deps.logger.warn({ err: error, leg }, "could not hang up an agent leg"),
        ),
      ),
    );
  }

  async callBack(call: QueuedCall, agentId: string): Promise<void> {
    this.deps.logger.warn({ callId: call.callId, agentId }, "callbacks are not placed on Asterisk yet");
  }
}
