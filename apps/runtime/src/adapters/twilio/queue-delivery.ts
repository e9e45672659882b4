import type { Db } from "@ringflow/db";
import type { Logger } from "@ringflow/platform";
import type { EndpointKind, Offer } from "@ringflow/queues";
import type { QueueDelivery } from "../../acd/queue-delivery.ts";
import type { QueuedCall, QueuedCalls } from "../../acd/queued-calls.ts";
import type { Clock } from "../../calls/clock.ts";
import { conferenceName } from "./queue-twiml.ts";
import { twilioClientFor } from "./rest-client.ts";
import type { TwilioUrls } from "./urls.ts";

/** Twilio rings a participant for at least this long and at most this long. */
const MIN_RING_SECONDS = 5;
const MAX_RING_SECONDS = 600;

/** An agent's endpoint as a participant's `To`: the Voice SDK's client identity, a SIP address, a number. */
export function participantTo(kind: EndpointKind, address: string): string {
  switch (kind) {
    case "twilio-client":
      return address.startsWith("client:") ? address : `client:${address}`;
    case "sip":
      return address.startsWith("sip:") ? address : `sip:${address}`;
    case "phone":
      return address;
  }
}

export interface TwilioQueueDeliveryDeps {
  db: Db;
  calls: QueuedCalls;
  urls: TwilioUrls;
  clock: Clock;
  logger: Pick<Logger, "warn">;
  twilioApiBaseUrl: string;
}

/**
 * Queue delivery on Twilio, a Conference per call (`call-<id>`): each agent of an offer is added to it as a
 * participant through the REST API (ringing their Voice SDK client, phone or SIP address) with status
 * callbacks to /twilio/queue-leg; the caller, who waits in the queue-wait loop, is redirected into it once
 * an agent answers. Hold, coaching and muting later are participant updates of the same conference.
 */
export class TwilioQueueDelivery implements QueueDelivery {
  readonly reaches: EndpointKind[] = ["twilio-client", "sip", "phone"];

  constructor(private readonly deps: TwilioQueueDeliveryDeps) {}

  private client(call: QueuedCall) {
    if (!call.providerAccountId) throw new Error(`call ${call.callId} has no Twilio account`);
    return twilioClientFor(this.deps.db, call.tenantId, call.providerAccountId, this.deps.twilioApiBaseUrl);
  }

  async ring(call: QueuedCall, offer: Offer, unreachable: (agentId: string) => Promise<void>): Promise<void> {
    const client = await this.client(call);
    const seconds = Math.round((offer.expiresAt - this.deps.clock()) / 1000);
    const timeout = Math.min(MAX_RING_SECONDS, Math.max(MIN_RING_SECONDS, seconds));
    await Promise.all(
      offer.agents.map(async (agent) => {
        try {
          const participant = await client.conferences(conferenceName(call.callId)).participants.create({
            // A browser shows the caller's number; a phone or SIP leg must come from the tenant's number.
            from: agent.kind === "twilio-client" ? call.from : call.to,
            to: participantTo(agent.kind, agent.address),
            label: `agent-${agent.agentId}`,
            startConferenceOnEnter: true,
            endConferenceOnExit: true,
            beep: "false",
            earlyMedia: false,
            timeout,
            statusCallback: this.deps.urls.action("queue-leg", undefined, {
              call: call.callId,
              offer: offer.offerId,
              agent: agent.agentId,
            }),
            statusCallbackMethod: "POST",
            statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
          });
          await this.deps.calls.addLeg(call.tenantId, offer.offerId, agent.agentId, participant.callSid);
          if (participant.conferenceSid)
            await this.deps.calls.update(call.tenantId, call.callId, {
              conferenceId: participant.conferenceSid,
            });
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

  async poke(call: QueuedCall): Promise<void> {
    const client = await this.client(call);
    await client
      .calls(call.providerCallId)
      .update({ url: this.deps.urls.action("queue-wait", call.turn), method: "POST" });
  }

  async hangUp(call: QueuedCall, legs: string[]): Promise<void> {
    if (!legs.length) return;
    const client = await this.client(call);
    await Promise.all(
      legs.map((leg) =>
        client
          .calls(leg)
          .update({ status: "completed" })
          .catch((error: unknown) =>
            this.deps.logger.warn({ err: error, leg }, "could not hang up an agent leg"),
          ),
      ),
    );
  }

  async callBack(call: QueuedCall, agentId: string, number: string): Promise<void> {
    const client = await this.client(call);
    await client.conferences(conferenceName(call.callId)).participants.create({
      from: call.to,
      to: number,
      label: "caller",
      startConferenceOnEnter: true,
      endConferenceOnExit: false,
      beep: "false",
      statusCallback: this.deps.urls.action("queue-leg", undefined, {
        call: call.callId,
        agent: agentId,
        callback: "1",
      }),
      statusCallbackMethod: "POST",
      statusCallbackEvent: ["completed"],
    });
  }
}
