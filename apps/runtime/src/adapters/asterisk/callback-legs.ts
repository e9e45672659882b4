import type { Logger } from "@ringflow/platform";
import type { QueueCalls } from "../../acd/queue-calls.ts";
import { channelOf, type AriEvent } from "./ari-events.ts";
import type { AriRest } from "./ari-rest.ts";
import { agentLegOfCallback, callbackLegOf, parseAgentLeg } from "./queue-delivery.ts";

export interface CallbackLegsDeps {
  tenantId: string;
  queues?: Pick<QueueCalls, "completed"> | undefined;
  logger: Pick<Logger, "warn">;
}

/**
 * Queue callbacks on one connection. The agent who took a callback answered first (their leg is in the
 * application, with nobody to talk to); the caller's number was then rung (AsteriskQueueDelivery.callBack).
 * When it answers, the two legs are bridged; when either ends (or the number never answers), the other is
 * hung up and the agent goes into the queue's wrap-up, as the caller hanging up does on a normal queue call.
 */
export class CallbackLegs {
  /** Callback legs seen on this connection and not gone yet (ringing or talking). */
  private readonly live = new Set<string>();

  constructor(
    private readonly rest: AriRest,
    private readonly deps: CallbackLegsDeps,
  ) {}

  private static bridgeOf(callbackLeg: string) {
    return `${callbackLeg}-bridge`;
  }

  /** Whether the event is about a callback's leg; it is then handled here. */
  handle(event: AriEvent): boolean {
    const id = channelOf(event);
    const agentLeg = id ? agentLegOfCallback(id) : null;
    if (!id || !agentLeg) return false;
    const leg = parseAgentLeg(agentLeg);
    // The `;2` half of a Local leg (a number dialled through the PBX's dialplan) goes with its `;1` half.
    if (!leg || id.endsWith(";2")) return true;
    if (event.type === "ChannelDestroyed") {
      this.live.delete(id);
      void this.end(id, agentLeg, leg.callId);
    } else {
      this.live.add(id);
      if (event.type === "StasisStart") void this.connect(id, agentLeg);
    }
    return true;
  }

  /** The agent's leg ended: its callback's leg, ringing or talking, goes too (its end is handled above). */
  agentGone(agentLeg: string): void {
    const id = callbackLegOf(agentLeg);
    if (id && this.live.has(id)) void this.rest.hangup(id).catch(() => undefined);
  }

  /**
   * A process that takes the connection over knows the callbacks still on the PBX by their legs' names. A
   * callback whose agent's leg is no longer there (it ended while the connection changed hands) is ended as
   * the agent's leg ending ends it. Returns the agents' legs still talking and those whose callback was ended.
   */
  adopt(channelIds: readonly string[]): { talking: string[]; ended: string[] } {
    const present = new Set(channelIds);
    const talking: string[] = [];
    const ended: string[] = [];
    for (const id of channelIds) {
      const agentLeg = agentLegOfCallback(id);
      const leg = agentLeg ? parseAgentLeg(agentLeg) : null;
      if (!agentLeg || !leg || id.endsWith(";2")) continue;
      if (present.has(agentLeg)) {
        this.live.add(id);
        talking.push(agentLeg);
      } else {
        void this.rest.hangup(id).catch(() => undefined);
        void this.end(id, agentLeg, leg.callId);
        ended.push(agentLeg);
      }
    }
    return { talking, ended };
  }

  private async connect(id: string, agentLeg: string): Promise<void> {
    const bridge = CallbackLegs.bridgeOf(id);
    try {
      await this.rest.createBridge(bridge, "mixing");
      await this.rest.addToBridge(bridge, [agentLeg, id]);
    } catch (error) {
      // The agent's leg went while the number rang: nobody to talk to.
      this.deps.logger.warn({ err: error, channelId: id }, "could not bridge a callback with its agent");
      await this.rest.hangup(id).catch(() => undefined);
    }
  }

  private async end(id: string, agentLeg: string, callId: string): Promise<void> {
    await this.rest.hangup(agentLeg).catch(() => undefined);
    await this.rest.destroyBridge(CallbackLegs.bridgeOf(id)).catch(() => undefined);
    await this.deps.queues?.completed(this.deps.tenantId, callId);
  }
}
