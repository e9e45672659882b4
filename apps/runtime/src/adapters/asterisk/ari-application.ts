import { randomUUID } from "node:crypto";
import type { CallStatus } from "@ringflow/flow-schema";
import type { CallKey, CallMeta } from "../../calls/call-record.ts";
import type { Db } from "@ringflow/db";
import type { LogStream } from "../../calls/log-stream.ts";
import { outboundCallRow, outboundMeta, outboundStart } from "../../calls/outbound-call.ts";
import {
  FlowNotFoundError,
  type FlowResolver,
  type InboundTarget,
  type PinnedFlow,
} from "../../calls/resolve-flow.ts";
import type { Json } from "../../engine/state.ts";
import { ariEventSchema, channelOf, type AriChannel, type AriEvent, type AriEventOf } from "./ari-events.ts";
import type { AriRest } from "./ari-rest.ts";
import { CallbackLegs } from "./callback-legs.ts";
import { ChannelCall, type ChannelCallDeps } from "./channel-call.ts";
import { ClickToCalls } from "./click-to-call.ts";
import { noteLegEnd, unansweredStatus, type LegEnd } from "./dial-outcome.ts";
import { isInternalChannel } from "./dial-string.ts";
import { CallbackFailed, parseAgentLeg } from "./queue-delivery.ts";

/** A tenant's Asterisk provider account, as the runtime connects to it. */
export interface AsteriskAccount {
  /** ProviderAccount.id: the account half of every call key. */
  id: string;
  tenantId: string;
  /** ARI's base URL, ending in /ari. */
  ariBase: string;
  username: string;
  password: string;
  applicationName: string;
  /** The account's outbound dial string (`{number}` in it), when it has one. */
  outboundDialString?: string;
}

export type AriApplicationDeps = Omit<ChannelCallDeps, "route" | "rest" | "ariBase"> & {
  account: AsteriskAccount;
  flows: FlowResolver;
  db: Db;
  /** The execution log: an outbound call nobody answered ends on its row. */
  log: Pick<LogStream, "append">;
};

/** Asterisk's own prompt for a number that leads nowhere ("the number you have dialed is not in service"). */
const NOT_IN_SERVICE = "sound:ss-noservice";
/** Our own channels say what they are in their Stasis arguments; a caller's never start with this. */
const INTERNAL_ARGS = "ringflow:";
/**
 * The Stasis argument of a call the API places (POST /channels with app=<application>,
 * appArgs=ringflow:outbound,<call id> and channelId = the Call row's providerCallId): its flow is the row's.
 */
export const OUTBOUND_ARGS = "ringflow:outbound";

/**
 * One connection's Stasis application: routes each ARI event to the call it belongs to and starts a call
 * for every caller's channel that enters the application. A channel finds its flow as a Twilio call does:
 * the number is the first Stasis argument when the dialplan gives one (`Stasis(<app>,<number>)`, as a
 * FreePBX custom destination does), else the extension the caller dialled (`channel.dialplan.exten`).
 */
export class AriApplication {
  private readonly calls = new Map<string, ChannelCall>();
  /** Agents' legs that answered, until they are gone. */
  private readonly answeredLegs = new Set<string>();
  /**
   * Agents' legs that ended while a takeover lists the PBX's channels: whether they had answered (a callback's
   * agent talking) is known only once the listing is read, so what their end means is decided then.
   */
  private goneDuringTakeover: string[] | null = null;
  /**
   * What channels no call carries said before going (an outbound call the API placed, an agent's leg): their
   * dialler's Dial status, a hangup's cause; read and forgotten when the channel is destroyed.
   */
  private readonly legEnds = new Map<string, LegEnd>();
  private readonly callDeps: ChannelCallDeps;
  private readonly callbacks: CallbackLegs;
  private readonly clicks: ClickToCalls;

  constructor(
    private readonly rest: AriRest,
    private readonly deps: AriApplicationDeps,
  ) {
    this.callDeps = {
      ...deps,
      rest,
      ariBase: deps.account.ariBase,
      route: (id, call) => (call ? this.calls.set(id, call) : this.calls.delete(id)),
    };
    this.callbacks = new CallbackLegs(rest, {
      tenantId: deps.account.tenantId,
      queues: deps.queues,
      logger: deps.logger,
    });
    this.clicks = new ClickToCalls(rest, {
      outboundDialString: deps.account.outboundDialString,
      row: async (channelId) => {
        const row = await this.outboundRow(channelId);
        return row ? { from: row.fromNumber, to: row.toNumber } : null;
      },
      status: async (channelId, value, durationSeconds) => {
        const row = await this.outboundRow(channelId);
        if (row) await this.rowStatus(row, channelId, value, durationSeconds);
      },
      clock: deps.clock,
      logger: deps.logger,
    });
  }

  /** Calls (and their legs and recordings) this application is carrying. */
  get size(): number {
    return this.calls.size;
  }

  /** An event from the connection, as ari-client parsed it; unknown or malformed events are dropped. */
  dispatch(raw: unknown): void {
    const parsed = ariEventSchema.safeParse(raw);
    if (!parsed.success) return;
    const event = parsed.data;
    const end = this.legEnd(event);
    if (this.callbacks.handle(event) || this.clicks.handle(event)) return;
    // An agent's leg before the caller is bridged with it: the queue engine hears of it.
    const legId = event.type === "StasisStart" || event.type === "ChannelDestroyed" ? event.channel.id : "";
    const agentLeg = parseAgentLeg(legId);
    if (agentLeg && !this.calls.has(legId)) {
      void this.agentLeg(event, agentLeg).catch((error: unknown) =>
        this.deps.logger.warn({ err: error, ...agentLeg }, "could not report an agent's leg to the queue"),
      );
      return;
    }
    if (event.type === "StasisStart" && !this.calls.has(event.channel.id)) {
      const internal = event.args[0]?.startsWith(INTERNAL_ARGS) && event.args[0] !== OUTBOUND_ARGS;
      if (!internal) void this.start(event);
      return;
    }
    if (event.type === "ChannelDestroyed" && !this.calls.has(event.channel.id)) {
      void this.unanswered(event, end).catch((error: unknown) =>
        this.deps.logger.warn({ err: error, channelId: event.channel.id }, "could not end an outbound call"),
      );
      return;
    }
    const call = this.callFor(event);
    call?.handle(event);
  }

  /**
   * Notes a Dial or hangup request of a channel no call carries (a Dial without a caller: an originate's); on
   * its ChannelDestroyed, what it said, forgotten here.
   */
  private legEnd(event: AriEvent): LegEnd | undefined {
    if (event.type === "ChannelDestroyed") {
      const end = this.legEnds.get(event.channel.id);
      if (end) this.legEnds.delete(event.channel.id);
      return end;
    }
    if (event.type === "StasisStart") this.legEnds.delete(event.channel.id);
    const id =
      event.type === "Dial" && !event.caller
        ? event.peer.id
        : event.type === "ChannelHangupRequest"
          ? event.channel.id
          : null;
    if (id === null || this.calls.has(id)) return undefined;
    const end = this.legEnds.get(id) ?? {};
    noteLegEnd(end, id, event);
    if (end.dialstatus || end.requestedCause) this.legEnds.set(id, end);
    return undefined;
  }

  private callFor(event: AriEvent): ChannelCall | undefined {
    const channel = channelOf(event);
    const byChannel = channel ? this.calls.get(channel) : undefined;
    if (byChannel) return byChannel;
    // A bridge's recording (a transfer's) is routed by its name.
    if (event.type === "RecordingFinished" || event.type === "RecordingFailed")
      return this.calls.get(event.recording.name);
    return undefined;
  }

  private async start(event: AriEventOf<"StasisStart">): Promise<void> {
    const { account, session, flows, logger } = this.deps;
    const channel = event.channel;
    const key: CallKey = { account: account.id, id: channel.id };
    const callId = randomUUID();
    const call = new ChannelCall(key, channel, { tenantId: account.tenantId, callId }, this.callDeps);
    this.calls.set(channel.id, call);
    await call.drive(async () => {
      if (channel.state !== "Up") await this.rest.answer(channel.id);
      const outbound = event.args[0] === OUTBOUND_ARGS;
      const number = outbound ? "" : event.args[0] || channel.dialplan.exten;
      let start: { meta: CallMeta; pinned: PinnedFlow; variables?: Record<string, Json> };
      try {
        start = outbound
          ? await this.outboundStart(channel, key, event.args[1])
          : await this.inboundStart(channel, number, callId);
      } catch (error) {
        if (!(error instanceof FlowNotFoundError)) throw error;
        logger.warn({ channelId: channel.id, number, reason: error.message }, "no flow for the call");
        await this.notInService(channel);
        return null;
      }
      const { meta, pinned } = start;
      call.meta.callId = meta.callId;
      const direction = outbound ? "outbound" : "inbound";
      return session.start(key, {
        meta,
        flow: await flows.compile(pinned),
        answerId: "start",
        status: "in-progress",
        engine: {
          direction,
          from: meta.from,
          to: meta.to,
          accountId: account.id,
          flowId: pinned.flowId,
          flowVersion: pinned.flowVersionNumber,
          ...(start.variables ? { variables: start.variables } : {}),
        },
        notes: [
          {
            type: "call.start",
            data: {
              from: meta.from,
              to: meta.to,
              direction,
              callerState: null,
              callerName: channel.caller.name || null,
              channel: channel.name,
            },
          },
        ],
      });
    });
  }

  private base(channel: AriChannel) {
    const { account } = this.deps;
    return {
      tenantId: account.tenantId,
      provider: "ASTERISK" as const,
      providerCallId: channel.id,
      providerAccountId: account.id,
      test: false,
    };
  }

  /** A caller: the flow bound to the number or extension dialled. */
  private async inboundStart(channel: AriChannel, number: string, callId: string) {
    const target = await this.target(number);
    const meta: CallMeta = {
      ...this.base(channel),
      callId,
      phoneNumberId: target.phoneNumberId,
      flowId: target.flow.flowId,
      flowVersionId: target.flow.flowVersionId,
      subflowVersionIds: target.flow.subflowVersionIds,
      direction: "INBOUND",
      from: channel.caller.number,
      to: number,
      existingRow: false,
    };
    return { meta, pinned: target.flow };
  }

  /** A call the API placed: the flow and variables of the row it made first. */
  private async outboundStart(channel: AriChannel, key: CallKey, callId: string | undefined) {
    const row = await this.outboundRow(key.id);
    // The call id the API put in the Stasis arguments must be the row's: no channel runs another call's flow.
    if (!row || (callId !== undefined && callId !== row.id))
      throw new FlowNotFoundError(`no outbound call row for channel ${channel.id}`);
    const { pinned, variables } = await outboundStart(this.deps.flows, row);
    const meta: CallMeta = { ...this.base(channel), ...outboundMeta(row, pinned) };
    return { meta, pinned, ...(variables ? { variables } : {}) };
  }

  /** An agent rung for a queued call answered (entered the application) or never did (it is gone). */
  private async agentLeg(event: AriEvent, leg: NonNullable<ReturnType<typeof parseAgentLeg>>): Promise<void> {
    const { queues, account } = this.deps;
    if (!queues || (event.type !== "StasisStart" && event.type !== "ChannelDestroyed")) return;
    const id = event.channel.id;
    if (event.type === "StasisStart") {
      this.answeredLegs.add(id);
      try {
        await queues.answered(account.tenantId, leg.callId, leg.offerId, leg.agentId, id);
      } catch (error) {
        if (!(error instanceof CallbackFailed)) throw error;
        // Nobody to talk to: the agent goes into the queue's wrap-up rather than waiting on a silent line.
        this.answeredLegs.delete(id);
        await this.rest.hangup(id).catch(() => undefined);
        await queues.completed(account.tenantId, leg.callId);
        throw error;
      }
    } else if (this.answeredLegs.delete(id)) this.callbacks.agentGone(id);
    else if (this.goneDuringTakeover) this.goneDuringTakeover.push(id);
    else await queues.refused(account.tenantId, leg.offerId, leg.agentId);
  }

  /** Agents' legs that ended during a takeover: a callback's agent hung up, or an offer was never answered. */
  private async settleGoneDuringTakeover(gone: readonly string[], ended: readonly string[]): Promise<void> {
    for (const id of gone) {
      const leg = parseAgentLeg(id);
      if (this.answeredLegs.delete(id)) this.callbacks.agentGone(id);
      else if (leg && !ended.includes(id) && this.deps.queues)
        await this.deps.queues.refused(this.deps.account.tenantId, leg.offerId, leg.agentId);
    }
  }

  /**
   * The Call row the API made for a channel it placed (its providerCallId), waiting a moment for it; none once
   * that call has ended (a channel made again with its id is not that call).
   */
  private async outboundRow(channelId: string) {
    const row = await outboundCallRow(this.deps, this.deps.account.tenantId, "ASTERISK", channelId);
    return row && !row.endedAt ? row : null;
  }

  /** A channel the API placed that ended unanswered (it never entered the application): its row says how. */
  private async unanswered(event: AriEventOf<"ChannelDestroyed">, end: LegEnd | undefined): Promise<void> {
    const { db, account } = this.deps;
    const row = await db.call.findFirst({
      where: { tenantId: account.tenantId, provider: "ASTERISK", providerCallId: event.channel.id },
    });
    if (!row || row.endedAt || (row.status !== "QUEUED" && row.status !== "RINGING")) return;
    await this.rowStatus(row, event.channel.id, unansweredStatus(event.cause, end));
  }

  /** A status of a row the API made, for a call that runs no flow here (unanswered, a click-to-call). */
  private async rowStatus(
    row: NonNullable<Awaited<ReturnType<AriApplication["outboundRow"]>>>,
    channelId: string,
    value: CallStatus,
    durationSeconds?: number,
  ): Promise<void> {
    const { account, log, clock } = this.deps;
    await log.append({
      call: {
        callId: row.id,
        tenantId: account.tenantId,
        provider: "ASTERISK",
        providerCallId: channelId,
        providerAccountId: account.id,
        test: false,
        phoneNumberId: row.phoneNumberId,
        flowId: row.flowId,
        flowVersionId: row.flowVersionId,
        direction: "OUTBOUND",
        from: row.fromNumber,
        to: row.toNumber,
        startedAt: clock(),
        existingRow: true,
      },
      create: false,
      events: [],
      consents: [],
      recordings: [],
      status: { value, ...(durationSeconds !== undefined ? { durationSeconds } : {}) },
    });
  }

  /** The extension as dialled, else a full number written with its + (a PBX often strips it). */
  private async target(number: string): Promise<InboundTarget> {
    const { flows, account } = this.deps;
    try {
      return await flows.forNumber(account.tenantId, account.id, number);
    } catch (error) {
      if (!(error instanceof FlowNotFoundError) || !/^\d{8,15}$/.test(number)) throw error;
      return flows.forNumber(account.tenantId, account.id, `+${number}`);
    }
  }

  private async notInService(channel: AriChannel): Promise<void> {
    const playbackId = randomUUID();
    await this.rest.play(channel.id, playbackId, [NOT_IN_SERVICE]).catch(() => undefined);
    // No flow, no call to wait on: the prompt gets a moment, then the line is freed.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await this.rest.hangup(channel.id).catch(() => undefined);
  }

  /**
   * This process now holds the connection: every caller still in the application continues from its stored
   * state (the current turn's plan again, or the last one of a flow that ended); channels nobody knows are hung up.
   */
  async takeOver(): Promise<number> {
    // A call that starts on this connection while the channels are listed is not in the list, and is no
    // leftover: only the calls known before the listing are checked against it.
    const before = new Map(this.calls);
    this.goneDuringTakeover = [];
    let channels: AriChannel[];
    try {
      channels = await this.rest.channels();
    } catch (error) {
      const gone = this.goneDuringTakeover;
      this.goneDuringTakeover = null;
      await this.settleGoneDuringTakeover(gone, []);
      throw error;
    }
    // Calls whose channel is gone while the connection was down (Asterisk restarted): they ended.
    const present = new Set(channels.map((c) => c.id));
    for (const [id, call] of before)
      if (call.key.id === id && !present.has(id) && this.calls.get(id) === call) void call.hangUp();
    // The adapter's own channels, and the `;2` half of a Local channel the API placed (`<call>;2`).
    const internal = new Set(
      channels
        .filter((c) => isInternalChannel(c.id) || (c.id.endsWith(";2") && present.has(c.id.slice(0, -2))))
        .map((c) => c.id),
    );
    const callbacks = this.callbacks.adopt([...internal]);
    for (const agentLeg of callbacks.talking) this.answeredLegs.add(agentLeg);
    const gone = this.goneDuringTakeover;
    this.goneDuringTakeover = null;
    void this.settleGoneDuringTakeover(gone, callbacks.ended).catch((error: unknown) =>
      this.deps.logger.warn({ err: error }, "could not settle agents' legs that ended during a takeover"),
    );
    this.clicks.adopt(channels);
    let continued = 0;
    for (const channel of channels) {
      if (internal.has(channel.id) || this.calls.has(channel.id)) continue;
      const key: CallKey = { account: this.deps.account.id, id: channel.id };
      const record = await this.deps.session.peek(key);
      // Its StasisStart came meanwhile: a call starting on this connection, not one nobody knows.
      if (this.calls.has(channel.id)) continue;
      if (!record) {
        await this.rest.hangup(channel.id).catch(() => undefined);
        continue;
      }
      // A flow that ended while its last prompt still played: the prompt and hangup are carried out here, and
      // the call's end (its status, its length) is written when the channel goes.
      const answer = record.ended ? await this.deps.session.finalAnswer(key) : record.lastAnswer;
      const call = new ChannelCall(key, channel, record.meta, this.callDeps);
      this.calls.set(channel.id, call);
      const mine = new Set([...internal].filter((id) => id.startsWith(`${channel.id}-`)));
      if (answer === null) void this.rest.hangup(channel.id).catch(() => undefined);
      else void call.resume(answer, channel, mine);
      continued++;
    }
    return continued;
  }

  /** The connection is gone (another process may take it): calls here stop without hanging anyone up. */
  release(): void {
    for (const call of new Set(this.calls.values())) call.abandon();
    this.calls.clear();
  }
}
