import type { Db } from "@ringflow/db";
import { ASTERISK_CALL_ID_HEADER } from "@ringflow/flow-schema";
import { AriAnswerError, ariJson, ariOriginate, outboundEndpoint, type Logger } from "@ringflow/platform";
import type { EndpointKind, Offer } from "@ringflow/queues";
import type { QueueDelivery } from "../../acd/queue-delivery.ts";
import type { QueuedCall, QueuedCalls } from "../../acd/queued-calls.ts";
import type { Clock } from "../../calls/clock.ts";
import type { AsteriskAccount } from "./ari-application.ts";
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

/**
 * A callback's leg (the caller's number rung for the agent who took it) is named after the agent's leg, so
 * either one names the other.
 */
const CALLBACK_LEG = "ringflow-callback.";
export const callbackLegOf = (agentLeg: string) =>
  agentLeg.startsWith(AGENT_LEG) ? `${CALLBACK_LEG}${agentLeg.slice(AGENT_LEG.length)}` : null;
export const agentLegOfCallback = (callbackLeg: string) =>
  callbackLeg.startsWith(CALLBACK_LEG) ? `${AGENT_LEG}${callbackLeg.slice(CALLBACK_LEG.length)}` : null;

/** How long a callback's number rings before it is given up (the agent waits on the line meanwhile). */
const CALLBACK_RING_SECONDS = 45;

/**
 * Where an agent's endpoint rings on the tenant's PBX: a SIP endpoint (`PJSIP/<extension>` of a browser or
 * desk phone, or a sip: address) directly, a phone number as `phone` dials it (the caller's context, or the
 * account's outbound dial string when there is no caller).
 */
export function agentDialString(
  kind: EndpointKind,
  address: string,
  phone: (number: string) => string,
): string | null {
  switch (kind) {
    case "sip":
      return dialString({ type: "sip", value: address }, "");
    case "phone":
      return phone(address);
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
 * A callback rings the agent first (the caller hung up and is waiting to be called); once they answer, the
 * caller's number is rung into a bridge with them (callback-legs.ts).
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

  /** The caller's channel's dialplan context; null once the caller is gone (a callback's). */
  private async callerContext(account: AsteriskAccount, call: QueuedCall): Promise<string | null> {
    try {
      const caller = (await ariJson(account, {
        method: "GET",
        path: `/channels/${encodeURIComponent(call.providerCallId)}`,
        allowNetworks: this.deps.allowNetworks,
      })) as { dialplan?: { context?: string } } | null;
      return caller?.dialplan?.context ?? "default";
    } catch (error) {
      if (error instanceof AriAnswerError && error.status === 404) return null;
      throw error;
    }
  }

  async ring(call: QueuedCall, offer: Offer, unreachable: (agentId: string) => Promise<void>): Promise<void> {
    const account = await this.account(call);
    const context = await this.callerContext(account, call);
    const phone = (number: string) =>
      context === null
        ? outboundEndpoint(account.outboundDialString, number)
        : dialString({ type: "phone", value: number }, context);
    await Promise.all(
      offer.agents.map(async (agent) => {
        const endpoint = agentDialString(agent.kind, agent.address, phone);
        if (!endpoint) return unreachable(agent.agentId);
        const leg = agentLegId(call.callId, offer.offerId, agent.agentId);
        try {
          await this.deps.calls.addLeg(call.tenantId, offer.offerId, agent.agentId, leg);
          await ariOriginate(
            account,
            {
              channelId: leg,
              endpoint,
              app: account.applicationName,
              appArgs: "ringflow:agent",
              callerId: call.from,
              timeoutSeconds: (offer.expiresAt - this.deps.clock()) / 1000,
              originator: context === null ? undefined : call.providerCallId,
              // The INVITE names our call: the desktop's browser phone takes only calls that say which they are.
              variables: { [`PJSIP_HEADER(add,${ASTERISK_CALL_ID_HEADER})`]: call.callId },
            },
            { allowNetworks: this.deps.allowNetworks },
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
        ariJson(account, {
          method: "DELETE",
          path: `/channels/${encodeURIComponent(leg)}`,
          allowNetworks: this.deps.allowNetworks,
        }).catch((error: unknown) =>
          this.deps.logger.warn({ err: error, leg }, "could not hang up an agent leg"),
        ),
      ),
    );
  }

  /**
   * The agent who took a callback answered: the caller's number is rung out of the PBX (the account's outbound
   * dial string) showing the number they had called; the process holding the connection bridges it with the
   * agent's leg when it answers.
   */
  async callBack(call: QueuedCall, agentId: string, number: string): Promise<void> {
    const account = await this.account(call);
    const agentLeg = (await this.deps.calls.get(call.tenantId, call.callId))?.progress.agentLeg;
    const channelId = agentLeg ? callbackLegOf(agentLeg) : null;
    if (!agentLeg || !channelId)
      throw new CallbackFailed(`callback ${call.callId} has no agent leg for ${agentId}`);
    try {
      await ariOriginate(
        account,
        {
          channelId,
          endpoint: outboundEndpoint(account.outboundDialString, number),
          app: account.applicationName,
          appArgs: "ringflow:callback",
          callerId: call.to,
          timeoutSeconds: CALLBACK_RING_SECONDS,
          originator: agentLeg,
        },
        { allowNetworks: this.deps.allowNetworks },
      );
    } catch (error) {
      throw new CallbackFailed(
        `the callback of ${call.callId} could not be rung: ${(error as Error).message}`,
      );
    }
  }
}

/** A callback's number could not be rung: the agent who answered for it is let go (AriApplication). */
export class CallbackFailed extends Error {
  override name = "CallbackFailed";
}
