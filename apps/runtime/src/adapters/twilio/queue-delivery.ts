import type { Db } from "@ringflow/db";
import type { Logger } from "@ringflow/platform";
import type { EndpointKind, Offer } from "@ringflow/queues";
import type { QueueDelivery } from "../../acd/queue-delivery.ts";
import type { QueuedCall, QueuedCalls } from "../../acd/queued-calls.ts";
import type { Clock } from "../../calls/clock.ts";
import { conferenceName } from "./queue-twiml.ts";
import { twilioConferenceRest, type ConferenceRest } from "./conference-rest.ts";
import { twilioClientFor } from "./rest-client.ts";
import type { TwilioUrls } from "./urls.ts";

/** Twilio rings a participant for at least this long and at most this long. */
const MIN_RING_SECONDS = 5;
const MAX_RING_SECONDS = 600;

/**
 * An agent's endpoint as a participant's `To`: the Voice SDK's client identity, a SIP address, a number. A
 * browser rung for one of our calls gets its id as the custom parameter `callId` (Twilio hands the query of a
 * `client:` address to the Voice SDK as `call.customParameters`): the desktop matches the leg to the offer by
 * it, and turns away a leg without one unless it asked for it (a supervisor listening in).
 */
export function participantTo(kind: EndpointKind, address: string, callId?: string): string {
  switch (kind) {
    case "twilio-client": {
      const client = address.startsWith("client:") ? address : `client:${address}`;
      return callId ? `${client}?${new URLSearchParams({ callId }).toString()}` : client;
    }
    case "sip":
      return address.startsWith("sip:") ? address : `sip:${address}`;
    case "phone":
      return address;
  }
}

export interface ConferenceQueueDeliveryDeps {
  calls: QueuedCalls;
  /** The carrier's action URLs (its prefix): the legs' status callbacks, the caller's wait loop. */
  urls: TwilioUrls;
  clock: Clock;
  logger: Pick<Logger, "warn">;
  /** The carrier's REST API for the call's account. */
  restFor(call: QueuedCall): Promise<ConferenceRest>;
  /** The agents' endpoints its legs can ring (default: Twilio's browser phone, SIP, phone numbers). */
  reaches?: EndpointKind[];
}

/**
 * Queue delivery on a TwiML carrier (Twilio, SignalWire, Telnyx), a conference per call (`call-<id>`): each
 * agent of an offer is rung into it (their browser, phone or SIP address) with status callbacks to
 * <prefix>/queue-leg; the caller, who waits in the queue-wait loop, is redirected into it once an agent
 * answers. Hold, coaching and muting later are party changes of the same conference.
 */
export class ConferenceQueueDelivery implements QueueDelivery {
  readonly reaches: EndpointKind[];

  constructor(private readonly deps: ConferenceQueueDeliveryDeps) {
    this.reaches = deps.reaches ?? ["twilio-client", "sip", "phone"];
  }

  async ring(
    call: QueuedCall,
    offer: Offer,
    unreachable: (agentId: string, error?: unknown) => Promise<void>,
  ): Promise<void> {
    const rest = await this.deps.restFor(call);
    const seconds = Math.round((offer.expiresAt - this.deps.clock()) / 1000);
    const timeout = Math.min(MAX_RING_SECONDS, Math.max(MIN_RING_SECONDS, seconds));
    await Promise.all(
      offer.agents.map(async (agent) => {
        try {
          const leg = await rest.addLeg(conferenceOf(call), {
            // A browser shows the caller's number; a phone or SIP leg must come from the tenant's number.
            from: agent.kind === "twilio-client" ? call.from : call.to,
            to: participantTo(agent.kind, agent.address, call.callId),
            label: `agent-${agent.agentId}`,
            startConferenceOnEnter: true,
            endConferenceOnExit: true,
            earlyMedia: false,
            timeoutSeconds: timeout,
            statusCallback: this.deps.urls.action("queue-leg", undefined, {
              call: call.callId,
              offer: offer.offerId,
              agent: agent.agentId,
            }),
            statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
          });
          if (leg.callSid)
            await this.deps.calls.addLeg(call.tenantId, offer.offerId, agent.agentId, leg.callSid);
          if (leg.conferenceSid)
            await this.deps.calls.update(call.tenantId, call.callId, { conferenceId: leg.conferenceSid });
        } catch (error) {
          this.deps.logger.warn(
            { err: error, callId: call.callId, agentId: agent.agentId },
            "could not ring an agent",
          );
          await unreachable(agent.agentId, error);
        }
      }),
    );
  }

  async poke(call: QueuedCall): Promise<void> {
    const rest = await this.deps.restFor(call);
    await rest.redirect(call.providerCallId, this.deps.urls.action("queue-wait", call.turn));
  }

  async resumeCaller(call: QueuedCall): Promise<void> {
    const found = await this.deps.calls.get(call.tenantId, call.callId);
    const rest = await this.deps.restFor(call);
    await rest.updateParty(
      { name: conferenceName(call.callId), sid: found?.progress.conferenceId ?? null },
      { label: "caller", callSid: call.providerCallId },
      { hold: false },
    );
  }

  async hangUp(call: QueuedCall, legs: string[]): Promise<void> {
    if (!legs.length) return;
    const rest = await this.deps.restFor(call);
    await Promise.all(
      legs.map((leg) =>
        rest
          .endCall(leg)
          .catch((error: unknown) =>
            this.deps.logger.warn({ err: error, leg }, "could not hang up an agent leg"),
          ),
      ),
    );
  }

  async callBack(call: QueuedCall, agentId: string, number: string): Promise<void> {
    const rest = await this.deps.restFor(call);
    await rest.addLeg(conferenceOf(call), {
      from: call.to,
      to: number,
      label: "caller",
      startConferenceOnEnter: true,
      endConferenceOnExit: false,
      statusCallback: this.deps.urls.action("queue-leg", undefined, {
        call: call.callId,
        agent: agentId,
        callback: "1",
      }),
      statusCallbackEvent: ["completed"],
    });
  }
}

/** Agents ring into the conference by name: it exists once its first party joins. */
const conferenceOf = (call: QueuedCall) => ({ name: conferenceName(call.callId), sid: null });

/** Twilio's REST client for the call's account, as the queue and call controls use it. */
export const twilioRestFor = (db: Db, twilioApiBaseUrl: string) => async (call: QueuedCall) => {
  if (!call.providerAccountId) throw new Error(`call ${call.callId} has no Twilio account`);
  return twilioConferenceRest(
    await twilioClientFor(db, call.tenantId, call.providerAccountId, twilioApiBaseUrl),
  );
};
