import type { CallStatus } from "@ringflow/flow-schema";
import { outboundEndpoint, type Logger } from "@ringflow/platform";
import type { Clock } from "../../calls/clock.ts";
import { channelOf, type AriChannel, type AriEvent } from "./ari-events.ts";
import type { AriRest } from "./ari-rest.ts";

/**
 * Click-to-call from the agents' desktop on Asterisk: the API originates the agent's leg (channel
 * `ringflow-click.<call id>`, Stasis arguments `ringflow:click,<call id>`, the Call row's providerCallId);
 * once the agent answers, the destination is rung out of the PBX showing the chosen caller ID and bridged
 * with them when it answers, as Twilio's `<Dial answerOnBridge>` does.
 */
export const CLICK_ARGS = "ringflow:click";
const CLICK_LEG = "ringflow-click.";
export const clickLegId = (callId: string) => `${CLICK_LEG}${callId}`;
export const isClickLeg = (id: string) => id.startsWith(CLICK_LEG);
/** How long the destination rings before the agent's leg is let go. */
const DESTINATION_RING_SECONDS = 60;

const destinationOf = (agentLeg: string) => `${agentLeg}-dial-1`;
const bridgeOf = (agentLeg: string) => `${agentLeg}-bridge-1`;

export interface ClickToCallsDeps {
  /** The account's outbound dial string, when it has one. */
  outboundDialString?: string | undefined;
  /** The Call row the API made for the agent's leg: its destination and caller ID. */
  row(channelId: string): Promise<{ from: string; to: string } | null>;
  /** Writes the row's status (in progress when the agent answers, completed with its length at the end). */
  status(channelId: string, value: CallStatus, durationSeconds?: number): Promise<void>;
  clock: Clock;
  logger: Pick<Logger, "warn">;
}

export class ClickToCalls {
  /** The agents' legs that answered, and when. */
  private readonly answered = new Map<string, number>();
  /** Agents' legs hearing ringing while their destination rings (the request that started it). */
  private readonly ringback = new Map<string, Promise<void>>();

  constructor(
    private readonly rest: AriRest,
    private readonly deps: ClickToCallsDeps,
  ) {}

  /**
   * Whether the event is about a click-to-call's leg and was handled here. The agent's leg that ends
   * unanswered is not: its row ends with the status of its hangup cause, as any outbound call's.
   */
  handle(event: AriEvent): boolean {
    const id = channelOf(event);
    if (!id || !isClickLeg(id)) return false;
    if (id.endsWith(";2")) return true;
    const agentLeg = id.replace(/-dial-1$/, "");
    const destination = id !== agentLeg;
    // The agent hears ringing while the destination rings, as from their desk phone.
    if (destination && event.type === "Dial" && event.dialstatus === "RINGING" && !this.ringback.has(agentLeg))
      this.ringback.set(agentLeg, this.rest.ring(agentLeg).catch(() => undefined));
    if (event.type === "StasisStart")
      void (destination ? this.bridge(agentLeg) : this.agentAnswered(event.channel)).catch((error: unknown) =>
        this.failed(agentLeg, error),
      );
    if (event.type !== "ChannelDestroyed") return true;
    if (destination) {
      this.ringback.delete(agentLeg);
      void this.rest.hangup(agentLeg).catch(() => undefined);
      return true;
    }
    if (!this.answered.has(agentLeg)) return false;
    void this.agentGone(agentLeg).catch((error: unknown) => this.failed(agentLeg, error));
    return true;
  }

  /** A process taking the connection over: the click-to-calls still on the PBX go on from here. */
  adopt(channels: readonly AriChannel[]): void {
    for (const channel of channels)
      if (isClickLeg(channel.id) && !/(-dial-1|;2)$/.test(channel.id) && channel.state === "Up")
        this.answered.set(channel.id, Date.parse(channel.creationtime));
  }

  private async agentAnswered(channel: AriChannel): Promise<void> {
    const { deps } = this;
    this.answered.set(channel.id, deps.clock());
    const row = await deps.row(channel.id);
    if (!row) {
      await this.rest.hangup(channel.id);
      return;
    }
    await deps.status(channel.id, "in-progress");
    await this.rest.originate({
      channelId: destinationOf(channel.id),
      endpoint: outboundEndpoint(deps.outboundDialString, row.to),
      appArgs: CLICK_ARGS,
      callerId: row.from,
      timeoutSeconds: DESTINATION_RING_SECONDS,
      originator: channel.id,
    });
  }

  private async bridge(agentLeg: string): Promise<void> {
    const ringing = this.ringback.get(agentLeg);
    this.ringback.delete(agentLeg);
    if (ringing) {
      await ringing;
      await this.rest.ringStop(agentLeg).catch(() => undefined);
    }
    await this.rest.createBridge(bridgeOf(agentLeg), "mixing");
    await this.rest.addToBridge(bridgeOf(agentLeg), [agentLeg, destinationOf(agentLeg)]);
  }

  private async agentGone(agentLeg: string): Promise<void> {
    const since = this.answered.get(agentLeg) ?? this.deps.clock();
    this.answered.delete(agentLeg);
    await this.rest.hangup(destinationOf(agentLeg)).catch(() => undefined);
    await this.rest.destroyBridge(bridgeOf(agentLeg)).catch(() => undefined);
    const seconds = Math.max(0, Math.round((this.deps.clock() - since) / 1000));
    await this.deps.status(agentLeg, "completed", seconds);
  }

  private failed(agentLeg: string, error: unknown): void {
    this.deps.logger.warn({ err: error, channelId: agentLeg }, "a click-to-call on Asterisk failed");
    void this.rest.hangup(agentLeg).catch(() => undefined);
  }
}
