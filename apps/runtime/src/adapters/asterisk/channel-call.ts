import type {
  CallCommandOf,
  CallEvent,
  DialStatus,
  EnqueueStatus,
  PromptCommand,
} from "@ringflow/flow-schema";
import { callbackTurn, type CallbackStage } from "../../acd/callback-dialog.ts";
import { callableCallbackNumber } from "../../acd/callback-number.ts";
import type { QueueCalls, WaitView } from "../../acd/queue-calls.ts";
import type { QueuedCall } from "../../acd/queued-calls.ts";
import { queueAnnouncements } from "../twilio/queue-twiml.ts";
import type { Db } from "@ringflow/db";
import type { Logger } from "@ringflow/platform";
import type { CallKey } from "../../calls/call-record.ts";
import type { CallSession, TurnExtras } from "../../calls/call-session.ts";
import type { Clock } from "../../calls/clock.ts";
import { callRecording, voicemailRecording } from "../../calls/recording-rows.ts";
import type { AsteriskMedia } from "../../media/asterisk-media.ts";
import { pressKey, type AriChannel, type AriEvent, type DigitRules } from "./ari-events.ts";
import { AriRequestError, type AriRest } from "./ari-rest.ts";
import { noteLegEnd, unansweredStatus, type LegEnd } from "./dial-outcome.ts";
import { dialString, internalIds } from "./dial-string.ts";
import { parsePlan, type AriPlan, type AriStep, type AriStepOf } from "./plan.ts";

/** What every call of one connection shares. */
export interface ChannelCallDeps {
  /** The workspace's outbound policy: which numbers a caller may ask to be called back on. */
  db: Db;
  rest: AriRest;
  session: CallSession<string>;
  media: AsteriskMedia;
  /** ARI's base URL (…/ari): a stored recording's file is under it. */
  ariBase: string;
  clock: Clock;
  logger: Pick<Logger, "warn" | "error">;
  /** Sends the events of another channel or a recording (a dialled leg, a snoop) to this call too. */
  route(id: string, call: ChannelCall | null): void;
  /** The queue engine's calls: Enqueue blocks wait there; a caller who leaves is abandoned or wrapped up. */
  queues?: AsteriskQueues;
}

export type AsteriskQueues = Pick<
  QueueCalls,
  | "enter"
  | "view"
  | "completed"
  | "callEnded"
  | "answered"
  | "refused"
  | "agentLegOf"
  | "announced"
  | "requestCallback"
>;

/** What an abandoned call's requests go to: nothing (the new holder owns the channel). */
const UNCHANGED: AriRest = new Proxy({} as AriRest, {
  get: (_target, name) => (name === "app" ? "" : () => Promise.resolve(name === "channels" ? [] : undefined)),
});

/**
 * A plan's prompt is played as a playback named by its channel, plan and step: a process that takes the call over
 * finds it on the PBX (GET /playbacks/{id}) instead of starting the prompt again.
 */
const playbackIdOf = (channelId: string, plan: AriPlan, index: number) =>
  `${channelId}-${plan.id.replace(/[^A-Za-z0-9]/g, "-")}-${index}`;

const HANGUP = Symbol("hangup");
const TIMEOUT = Symbol("timeout");
type Outcome<T> = T | typeof HANGUP | typeof TIMEOUT;

interface Waiter {
  match(event: AriEvent): unknown;
  resolve(value: unknown): void;
  /** Still wanted after the caller hung up (a voicemail's recording ends then). */
  afterHangup: boolean;
}

/** Seconds of silence that end a voicemail, as on Twilio. */
const VOICEMAIL_SILENCE_SECONDS = 5;
/** How often a caller waiting in a queue looks at it. */
const QUEUE_LOOK_MS = 1000;
/** What Asterisk answers adding a channel that is gone (400), or no longer in the application (422). */
const GONE_STATUSES = new Set([400, 422]);
/** A snoop channel enters the application within milliseconds; past this the call goes on unrecorded. */
const SNOOP_START_MS = 5000;

/**
 * One call on one Asterisk channel: carries out the call core's plans with ARI requests and turns the
 * channel's ARI events into the call's events. Every event is sent to the call core with the turn it answers,
 * so one that comes late or twice changes nothing. Timers (a gather's timeout) run here, in the process that
 * holds the connection; a process taking the connection over runs the stored plan of the current turn again.
 */
export class ChannelCall {
  private readonly waiters = new Set<Waiter>();
  private planId: string | null = null;
  private driving: Promise<void> | null = null;
  private hungUp = false;
  private ending: Promise<void> | null = null;
  /** Keys of the gather being listened for, armed while its prompts play. */
  private keys: { digits: string; done: boolean; rules: DigitRules; pressed: () => void } | null = null;
  /** The prompt a key press stops (barge-in): its id, its play request, and what ends the play step at once. */
  private playing: { id: string; posted: Promise<void>; stopped: () => void } | null = null;
  private recording: { snoopId: string; name: string } | null = null;
  private readonly owned = new Set<string>();
  /** Channels of this call already on the PBX when this process took it over. */
  private existing: ReadonlySet<string> = new Set();
  private resumed = false;
  /** The next plan is the one a takeover continues. */
  private continuing = false;
  /** Another process holds the connection now: this one changes nothing on the PBX any more. */
  private abandoned = false;

  private get rest(): AriRest {
    return this.abandoned ? UNCHANGED : this.deps.rest;
  }

  constructor(
    readonly key: CallKey,
    private channel: AriChannel,
    /** The Call row id is known once the call starts (an outbound call's is its row's). */
    readonly meta: { tenantId: string; callId: string },
    private readonly deps: ChannelCallDeps,
  ) {}

  /** An event of this channel, of a leg it dialled or of a recording it made. Synchronous: it only wakes waits. */
  handle(event: AriEvent): void {
    const own = "channel" in event && event.channel.id === this.channel.id;
    if (own && event.type === "ChannelDtmfReceived") this.press(event.digit);
    if (
      own &&
      (event.type === "ChannelHangupRequest" ||
        event.type === "StasisEnd" ||
        event.type === "ChannelDestroyed")
    )
      this.hangUp();
    if (event.type === "RecordingFinished" && event.recording.name === this.recording?.name)
      this.callRecordingDone(event.recording.name, event.recording.duration ?? null);
    for (const waiter of [...this.waiters]) {
      const value = waiter.match(event);
      if (value === undefined) continue;
      this.waiters.delete(waiter);
      waiter.resolve(value);
    }
  }

  /**
   * Carries out `answer` (or what `first` answers: the call's start) and the plans that follow it, one at a
   * time; a plan already under way is not begun twice.
   */
  drive(first: string | (() => Promise<string | null>)): Promise<void> {
    const run = async () => {
      const answer = typeof first === "string" ? first : await first();
      let plan: AriPlan | null = answer === null ? null : parsePlan(answer);
      while (plan && !this.hungUp && plan.id !== this.planId) {
        this.planId = plan.id;
        const next = await this.execute(plan);
        plan = next === null ? null : parsePlan(next);
      }
    };
    const previous = this.driving ?? Promise.resolve();
    const current = previous.then(run).catch((error: unknown) => {
      this.deps.logger.error({ err: error, channelId: this.channel.id }, "an Asterisk call failed");
    });
    this.driving = current;
    return current;
  }

  /**
   * A process taking the connection over: the stored plan of the current turn runs again from its start,
   * knowing the channels this call had made (an answered transfer's leg, a recording's snoop) so it does not
   * make them again.
   */
  resume(answer: string, channel: AriChannel, internal: ReadonlySet<string>): Promise<void> {
    this.channel = channel;
    this.planId = null;
    this.resumed = true;
    this.continuing = true;
    this.existing = internal;
    for (const id of internal) {
      const snoop = /-snoop-(\d+)$/.exec(id);
      if (!snoop || !id.startsWith(`${channel.id}-`)) continue;
      const name = internalIds(channel.id, Number(snoop[1])).callRecording;
      this.recording = { snoopId: id, name };
      this.own(id);
      this.deps.route(name, this);
    }
    return this.drive(answer);
  }

  /**
   * This process no longer holds the connection: the call stops here without ending (the process that
   * takes the connection over continues it from its stored state).
   */
  abandon(): void {
    this.abandoned = true;
    this.hungUp = true;
    this.ending ??= Promise.resolve();
    this.keys = null;
    for (const waiter of [...this.waiters]) {
      this.waiters.delete(waiter);
      waiter.resolve(HANGUP);
    }
  }

  /** The caller (or the flow) hung up: every wait ends, the call core hears it once. */
  hangUp(): Promise<void> {
    if (this.ending) return this.ending;
    this.hungUp = true;
    for (const waiter of [...this.waiters])
      if (!waiter.afterHangup) {
        this.waiters.delete(waiter);
        waiter.resolve(HANGUP);
      }
    this.ending = this.finish().catch((error: unknown) => {
      this.deps.logger.error({ err: error, channelId: this.channel.id }, "could not end an Asterisk call");
    });
    return this.ending;
  }

  private async finish(): Promise<void> {
    const { session } = this.deps;
    await this.driving;
    for (const id of this.owned) void this.rest.hangup(id).catch(() => undefined);
    // Nothing changes for a flow that already ended.
    await session.hangup(this.key);
    const seconds = Math.max(
      0,
      Math.round((this.deps.clock() - Date.parse(this.channel.creationtime)) / 1000),
    );
    await session.status(this.key, "completed", seconds, async () => {});
    await this.deps.queues?.callEnded(this.meta.tenantId, this.meta.callId);
    if (!this.recording) this.deps.route(this.channel.id, null);
  }

  /** Runs a plan's steps in order; a waiting step's event gets the next plan. */
  private async execute(plan: AriPlan): Promise<string | null> {
    let from = this.resumeAt(plan);
    // The plan a takeover continues: a prompt the last holder started may still play; the plan goes on there.
    const playing = this.continuing ? await this.stillPlayingAt(plan, from) : null;
    this.continuing = false;
    if (playing !== null) from = playing;
    for (const [index, step] of plan.steps.entries()) {
      if (index < from) continue;
      if (this.hungUp) return null;
      const next = plan.steps[index + 1];
      const listen = next?.type === "listen" ? next : undefined;
      const answer = await this.step(step, plan, index, listen, index === playing);
      if (answer !== null) return answer;
    }
    return null;
  }

  /**
   * Where a taken-over plan starts again: at its start (the menu's prompt is heard again), but at a transfer
   * whose leg is already up, so the caller in the conversation hears nothing played over it.
   */
  private resumeAt(plan: AriPlan): number {
    if (!this.resumed) return 0;
    const index = plan.steps.findIndex(
      (step) => step.type === "dial" && this.existing.has(internalIds(this.channel.id, step.turn).leg),
    );
    return Math.max(0, index);
  }

  /** `continuing`: a play step whose prompt the last holder started and Asterisk still plays. */
  private step(
    step: AriStep,
    plan: AriPlan,
    index: number,
    listen: AriStepOf<"listen"> | undefined,
    continuing: boolean,
  ): Promise<string | null> {
    switch (step.type) {
      case "play":
        return this.play(step, listen, { id: playbackIdOf(this.channel.id, plan, index), continuing }).then(
          () => null,
        );
      case "listen":
        return this.listen(step);
      case "dial":
        return this.dial(step);
      case "record":
        return this.record(step);
      case "record-call":
        return (step.on ? this.startCallRecording(plan.turn) : this.stopCallRecording()).then(() => null);
      case "hold-for-http":
        return this.holdForHttp(step, plan);
      case "enqueue":
        return this.enqueue(step.command);
      case "hangup":
        return this.rest
          .hangup(this.channel.id)
          .catch(() => undefined)
          .then(() => null);
    }
  }

  // --- prompts and keys -------------------------------------------------------------------------------------

  private async mediaOf(prompt: PromptCommand): Promise<string[]> {
    const { media } = this.deps;
    const uri =
      prompt.type === "say"
        ? await media.speech({
            tenantId: this.meta.tenantId,
            // SSML marks are for Twilio's voices; the local engine speaks the words.
            text: prompt.ssml ? prompt.text.replace(/<[^>]*>/g, " ") : prompt.text,
            language: prompt.language,
            ...(prompt.voice ? { voice: prompt.voice } : {}),
          })
        : await media.audio({ tenantId: this.meta.tenantId, url: prompt.url });
    return Array.from({ length: prompt.loop }, () => uri);
  }

  /**
   * Plays a step's prompts as the playback `playback.id`. `continuing`: the last holder started it and Asterisk
   * still plays it (a takeover): it is waited for, not begun again.
   */
  private async play(
    step: AriStepOf<"play">,
    listen: AriStepOf<"listen"> | undefined,
    playback: { id: string; continuing: boolean },
  ): Promise<void> {
    if (step.bargeIn && listen) this.armKeys(listen);
    const media = (await Promise.all(step.prompts.map((p) => this.mediaOf(p)))).flat();
    if (this.hungUp || media.length === 0 || (step.bargeIn && this.keys?.digits)) return;
    const playbackId = playback.id;
    const finished = this.wait((e) =>
      e.type === "PlaybackFinished" && e.playback.id === playbackId ? true : undefined,
    );
    // A key that stops the prompt ends this step at once: what the key answers does not wait for Asterisk to
    // report the prompt stopped (a next prompt queues behind it on the channel while it stops).
    let stopped!: () => void;
    const bargedIn = new Promise<void>((resolve) => (stopped = resolve));
    const posted = playback.continuing
      ? Promise.resolve()
      : this.rest.play(this.channel.id, playbackId, media);
    if (step.bargeIn) this.playing = { id: playbackId, posted, stopped };
    try {
      await posted;
    } catch (error) {
      this.playing = null;
      this.cancel(finished);
      this.deps.logger.warn({ err: error, channelId: this.channel.id }, "Asterisk did not play a prompt");
      return;
    }
    await Promise.race([finished.promise, bargedIn]);
    this.cancel(finished);
    if (this.playing?.id === playbackId) this.playing = null;
  }

  /**
   * The last of a plan's prompts (from `from` on) that Asterisk still plays (queued, playing or paused), as the
   * last holder started it; null when none does (they ended, or never began: the plan runs again from `from`).
   */
  private async stillPlayingAt(plan: AriPlan, from: number): Promise<number | null> {
    for (let index = plan.steps.length - 1; index >= from; index--) {
      if (plan.steps[index]?.type !== "play") continue;
      const id = playbackIdOf(this.channel.id, plan, index);
      const state = await this.rest.playbackState(id).catch(() => null);
      if (state === "queued" || state === "playing" || state === "paused") return index;
    }
    return null;
  }

  private armKeys(listen: AriStepOf<"listen">): void {
    this.keys = {
      digits: "",
      done: false,
      rules: {
        ...(listen.finishKey ? { finishKey: listen.finishKey } : {}),
        ...(listen.numDigits !== undefined ? { numDigits: listen.numDigits } : {}),
        ...(listen.maxDigits !== undefined ? { maxDigits: listen.maxDigits } : {}),
      },
      pressed: () => {},
    };
  }

  /** Asterisk reports keys during a playback but does not stop it: barge-in is ours. */
  private press(digit: string): void {
    const keys = this.keys;
    if (!keys || keys.done) return;
    const next = pressKey(keys.digits, digit, keys.rules);
    keys.digits = next.digits;
    keys.done = next.done;
    const playing = this.playing;
    if (playing) {
      this.playing = null;
      // Once Asterisk has the playback: a key pressed as the prompt starts would otherwise stop nothing.
      void playing.posted.then(() => this.rest.stopPlayback(playing.id)).catch(() => undefined);
      playing.stopped();
    }
    keys.pressed();
  }

  private async listen(step: AriStepOf<"listen">): Promise<string | null> {
    const digits = await this.keysPressed(step);
    if (digits === HANGUP) return null;
    const base = { turn: step.turn, at: this.deps.clock() };
    return digits
      ? this.send(step.turn, "gather", { type: "gather.result", ...base, digits })
      : this.send(step.turn, "gather-none", { type: "gather.timeout", ...base });
  }

  // --- transfer ---------------------------------------------------------------------------------------------

  private async dial(step: AriStepOf<"dial">): Promise<string | null> {
    const { clock } = this.deps;
    const ids = internalIds(this.channel.id, step.turn);
    this.own(ids.leg);
    const answered = this.wait((e) =>
      e.type === "StasisStart" && e.channel.id === ids.leg ? true : undefined,
    );
    const destroyed = this.wait((e) =>
      e.type === "ChannelDestroyed" && e.channel.id === ids.leg ? e.cause : undefined,
    );
    const end: LegEnd = {};
    // Ringback: once the leg rings, the caller hears ringing (as a PBX caller does during Dial()), until the
    // leg answers (stopped before the bridge) or fails.
    const ringback: { started: Promise<void> | null } = { started: null };
    const progress = this.wait((e) => {
      noteLegEnd(end, ids.leg, e);
      if (!ringback.started && e.type === "Dial" && e.peer.id === ids.leg && e.dialstatus === "RINGING")
        ringback.started = this.rest.ring(this.channel.id).catch(() => undefined);
      return undefined;
    });
    const stopRingback = async () => {
      if (!ringback.started) return;
      await ringback.started;
      await this.rest.ringStop(this.channel.id).catch(() => undefined);
    };
    let status: DialStatus = "failed";
    let durationSeconds: number | undefined;
    const resumed = this.existing.has(ids.leg);
    try {
      if (!resumed)
        await this.rest.originate({
          channelId: ids.leg,
          endpoint: dialString(step.target, this.channel.dialplan.context),
          appArgs: `ringflow:dial:${this.channel.id}`,
          timeoutSeconds: step.ringTimeoutSeconds,
          originator: this.channel.id,
          ...(step.callerId ? { callerId: step.callerId } : {}),
        });
      // Asterisk ends the ringing after the timeout; this is in case it never says so.
      const first = resumed
        ? ("answered" as const)
        : await this.race(
            Promise.race([answered.promise.then(() => "answered" as const), destroyed.promise]),
            (step.ringTimeoutSeconds + 3) * 1000,
          );
      if (first === HANGUP) return null;
      await stopRingback();
      if (first === TIMEOUT) {
        await this.rest.hangup(ids.leg, "no_answer").catch(() => undefined);
        status = "no-answer";
      } else if (first === "answered") {
        const since = clock();
        const legEnded = this.wait((e) =>
          (e.type === "StasisEnd" || e.type === "ChannelHangupRequest") && e.channel.id === ids.leg
            ? true
            : undefined,
        );
        if (!resumed) await this.bridge(ids, step.record);
        const end = await this.race(Promise.race([legEnded.promise, destroyed.promise]), null);
        await this.rest.destroyBridge(ids.bridge).catch(() => undefined);
        if (end === HANGUP) return null;
        status = "answered";
        durationSeconds = Math.round((clock() - since) / 1000);
      } else status = unansweredStatus(first as number, end);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, channelId: this.channel.id },
        "Asterisk could not place the transfer",
      );
    } finally {
      this.cancel(answered);
      this.cancel(destroyed);
      this.cancel(progress);
      this.owned.delete(ids.leg);
    }
    return this.send(step.turn, "dial", {
      type: "dial.result",
      turn: step.turn,
      at: clock(),
      status,
      ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    });
  }

  private async bridge(ids: ReturnType<typeof internalIds>, record: boolean): Promise<void> {
    await this.rest.createBridge(ids.bridge, "mixing");
    await this.rest.addToBridge(ids.bridge, [this.channel.id, ids.leg]);
    if (!record) return;
    await this.rest.recordBridge(ids.bridge, { name: ids.bridgeRecording, maxDurationSeconds: 0 });
    this.deps.route(ids.bridgeRecording, this);
    const done = this.wait(
      (e) =>
        e.type === "RecordingFinished" && e.recording.name === ids.bridgeRecording ? e.recording : undefined,
      true,
    );
    void done.promise.then((recording) => {
      this.deps.route(ids.bridgeRecording, null);
      if (typeof recording === "object")
        void this.logCallRecording(ids.bridgeRecording, recording.duration ?? null, "AVAILABLE");
    });
  }

  // --- recordings -------------------------------------------------------------------------------------------

  private storedFile = (name: string) =>
    `${this.deps.ariBase}/recordings/stored/${encodeURIComponent(name)}/file`;

  private async record(step: AriStepOf<"record">): Promise<string | null> {
    const name = internalIds(this.channel.id, step.turn).voicemail;
    this.deps.route(name, this);
    const finished = this.wait(
      (e) =>
        (e.type === "RecordingFinished" || e.type === "RecordingFailed") && e.recording.name === name
          ? e
          : undefined,
      true,
    );
    const terminateOn = !step.finishKey
      ? "any"
      : step.finishKey === "#" || step.finishKey === "*"
        ? step.finishKey
        : "any";
    try {
      await this.rest.recordChannel(this.channel.id, {
        name,
        maxDurationSeconds: step.maxSeconds,
        maxSilenceSeconds: VOICEMAIL_SILENCE_SECONDS,
        beep: step.beep,
        terminateOn,
      });
    } catch (error) {
      // Taken over while recording: the recording under way (the same name) ends this wait.
      if (!this.resumed) this.cancel(finished);
      this.deps.logger.warn({ err: error, channelId: this.channel.id }, "Asterisk could not record");
    }
    const outcome = await this.race(finished.promise, (step.maxSeconds + 15) * 1000, true);
    this.deps.route(name, null);
    const base = { type: "record.result" as const, turn: step.turn, at: this.deps.clock() };
    if (typeof outcome !== "object" || outcome.type !== "RecordingFinished" || !outcome.recording.duration)
      return this.send(step.turn, "record-none", base);
    const durationSeconds = outcome.recording.duration;
    const url = this.storedFile(name);
    return this.send(step.turn, "record", { ...base, url, durationSeconds }, (call) => ({
      recordings: [voicemailRecording(call, name, { url, durationSeconds })],
    }));
  }

  /** Whole-call recording: a snoop channel hears both directions; its recording is the call's. */
  private async startCallRecording(turn: number): Promise<void> {
    if (this.recording || this.hungUp) return;
    const ids = internalIds(this.channel.id, turn);
    this.own(ids.snoop);
    const started = this.wait((e) =>
      e.type === "StasisStart" && e.channel.id === ids.snoop ? true : undefined,
    );
    try {
      await this.rest.snoop(this.channel.id, ids.snoop, `ringflow:snoop:${this.channel.id}`);
      if ((await this.race(started.promise, SNOOP_START_MS)) !== true) return;
      await this.rest.recordChannel(ids.snoop, { name: ids.callRecording, maxDurationSeconds: 0 });
      this.recording = { snoopId: ids.snoop, name: ids.callRecording };
      this.deps.route(ids.callRecording, this);
      await this.logCallRecording(ids.callRecording, null, "IN_PROGRESS");
    } catch (error) {
      this.cancel(started);
      this.deps.logger.warn({ err: error, channelId: this.channel.id }, "Asterisk could not record the call");
    }
  }

  private async stopCallRecording(): Promise<void> {
    if (!this.recording) return;
    await this.rest.stopRecording(this.recording.name).catch(() => undefined);
  }

  private callRecordingDone(name: string, durationSeconds: number | null): void {
    const snoop = this.recording?.snoopId;
    this.recording = null;
    this.deps.route(name, null);
    if (snoop) {
      this.owned.delete(snoop);
      void this.rest.hangup(snoop).catch(() => undefined);
    }
    void this.logCallRecording(name, durationSeconds, "AVAILABLE").finally(() => {
      if (this.hungUp) this.deps.route(this.channel.id, null);
    });
  }

  private logCallRecording(
    name: string,
    durationSeconds: number | null,
    status: "IN_PROGRESS" | "AVAILABLE",
  ) {
    return this.deps.session
      .recording(this.key, (call) =>
        callRecording(call, name, {
          url: status === "AVAILABLE" ? this.storedFile(name) : null,
          durationSeconds,
          status,
        }),
      )
      .catch((error: unknown) => this.deps.logger.error({ err: error }, "could not log a call recording"));
  }

  // --- queues ----------------------------------------------------------------------------------------------

  /**
   * The caller waits in a holding bridge with music on hold and looks at the queue every second: connected,
   * it is bridged with the agent's leg until one of them hangs up; left (overflow, a callback), the flow
   * goes on by the block's exit.
   */
  private async enqueue(command: CallCommandOf<"enqueue">): Promise<string | null> {
    const { queues, session, media, clock } = this.deps;
    const turn = command.turn;
    const leave = (status: EnqueueStatus, waitSeconds: number) =>
      this.send(turn, "enqueue", { type: "enqueue.result", turn, at: clock(), status, waitSeconds });
    const record = await session.peek(this.key);
    if (!queues || !record || record.ended) return leave("overflow", 0);
    const ids = internalIds(this.channel.id, turn);
    let view = await queues.enter(record, command, this.key.account);
    const tenantId = this.meta.tenantId;
    const callId = this.meta.callId;
    for (;;) {
      if (view.kind === "waiting") {
        await this.rest.createBridge(ids.holding, "holding").catch(() => undefined);
        await this.rest.addToBridge(ids.holding, [this.channel.id]).catch(() => undefined);
        await this.rest.startBridgeMoh(ids.holding, media.holdClass(tenantId)).catch(() => undefined);
      }
      while (view.kind === "waiting") {
        await this.announce(view);
        // "Press 1 to be called back": the caller keeps their place and hangs up (the flow's Callback exit).
        const pressed = view.call.offerCallback
          ? this.wait((e) =>
              e.type === "ChannelDtmfReceived" && e.channel.id === this.channel.id && e.digit === "1"
                ? true
                : undefined,
            )
          : null;
        const looked = await this.race(pressed?.promise ?? new Promise(() => {}), QUEUE_LOOK_MS);
        if (pressed) this.cancel(pressed);
        if (looked === HANGUP) return null;
        const number = looked === true ? await this.confirmCallback(view.call) : null;
        if (number === HANGUP) return null;
        view = number
          ? await queues.requestCallback(tenantId, callId, number)
          : await queues.view(tenantId, callId);
      }
      await this.rest.destroyBridge(ids.holding).catch(() => undefined);
      if (view.kind === "left") return leave(view.status, view.waitSeconds);
      const first = view.progress.agentLeg;
      if (!first) return leave("overflow", 0);
      const after = await this.converse(ids.bridge, first);
      if (after === HANGUP) return null;
      // The caller was held (music on their own channel, out of the bridge): whatever comes next, it stops.
      await this.rest.stopMoh(this.channel.id).catch(() => undefined);
      await this.rest.destroyBridge(ids.bridge).catch(() => undefined);
      // Transferred to a queue (call controls): the caller waits again, there.
      if (after.kind === "waiting") {
        view = after;
        continue;
      }
      if (after.kind === "connected") await queues.completed(tenantId, callId);
      const done = await queues.view(tenantId, callId);
      return leave("bridged", done.kind === "left" ? done.waitSeconds : 0);
    }
  }

  /**
   * The callback's confirmation (callbackTurn, as on Twilio): the number read back, 1 to confirm or 2 to type
   * another ended with the pound key; a key stops the prompt. The number to book, null to go on waiting.
   */
  private async confirmCallback(call: QueuedCall): Promise<string | null | typeof HANGUP> {
    const ctx = {
      from: this.channel.caller.number,
      to: call.to,
      callable: (entered: string) => callableCallbackNumber(this.deps.db, call.tenantId, entered, call.to),
    };
    let turn = await callbackTurn({ at: "offer" }, "1", ctx);
    // A caller who keeps typing numbers the workspace cannot call goes back to waiting after a few.
    for (let asked = 0; asked < 5; asked++) {
      if (turn.kind === "book") return turn.number;
      if (turn.kind === "wait") return null;
      const listen: AriStepOf<"listen"> =
        turn.kind === "confirm"
          ? { type: "listen", turn: call.turn, timeoutMs: 5000, interDigitMs: 3000, numDigits: 1 }
          : {
              type: "listen",
              turn: call.turn,
              timeoutMs: 10_000,
              interDigitMs: 5000,
              finishKey: "#",
              maxDigits: 16,
            };
      const prompts = turn.say.map((text) => ({
        type: "say" as const,
        text,
        language: call.language,
        ssml: false,
        loop: 1,
      }));
      await this.play({ type: "play", prompts, bargeIn: true }, listen, {
        id: crypto.randomUUID(),
        continuing: false,
      });
      const digits = await this.keysPressed(listen);
      if (digits === HANGUP) return HANGUP;
      const stage: CallbackStage =
        turn.kind === "confirm" ? { at: "confirm", number: turn.number } : { at: "enter" };
      turn = await callbackTurn(stage, digits || undefined, ctx);
    }
    return null;
  }

  /** The keys pressed for `listen` (armed by a barge-in prompt before it, else now), until done or silence. */
  private async keysPressed(listen: AriStepOf<"listen">): Promise<string | typeof HANGUP> {
    if (!this.keys) this.armKeys(listen);
    const keys = this.keys as NonNullable<typeof this.keys>;
    while (!keys.done) {
      const pressed = new Promise<void>((resolve) => (keys.pressed = resolve));
      const outcome = await this.race(pressed, keys.digits ? listen.interDigitMs : listen.timeoutMs);
      if (outcome === HANGUP) return HANGUP;
      if (outcome === TIMEOUT) break;
    }
    this.keys = null;
    return keys.digits;
  }

  /**
   * The caller's place in line and the expected wait, said over the hold music when the block asks for them and
   * they are due (every announceEverySeconds), in the words Twilio's wait loop says them.
   */
  private async announce(view: Extract<WaitView, { kind: "waiting" }>): Promise<void> {
    const { call, progress } = view;
    const { queues, media, clock } = this.deps;
    const due =
      progress.lastAnnouncedAt === null ||
      clock() - progress.lastAnnouncedAt >= call.announceEverySeconds * 1000;
    const texts = due ? queueAnnouncements(call, view.position, view.estimatedWaitMs) : [];
    if (!texts.length) return;
    // The callback offer after them, in the words of Twilio's wait loop (renderQueueWaiting).
    if (call.offerCallback) texts.push("Press 1 to keep your place in line and be called back.");
    await queues?.announced(call);
    const uris = await Promise.all(
      texts.map((text) => media.speech({ tenantId: this.meta.tenantId, text, language: call.language })),
    );
    await this.rest.play(this.channel.id, crypto.randomUUID(), uris).catch((error: unknown) => {
      this.deps.logger.warn(
        { err: error, channelId: this.channel.id },
        "Asterisk did not say the queue position",
      );
    });
  }

  /**
   * The caller and the call's agent leg in the conversation's mixing bridge until that leg ends. The
   * conversation follows the call's agent leg: a blind transfer or a finished consultation (call controls)
   * puts another leg in its place, and the caller stays on with that one. Returns the queue's view once no
   * leg is left (a transfer to a queue leaves it waiting), or HANGUP when the caller went.
   */
  private async converse(
    bridge: string,
    first: string,
  ): Promise<Awaited<ReturnType<AsteriskQueues["view"]>> | typeof HANGUP> {
    const queues = this.deps.queues as AsteriskQueues;
    await this.rest.createBridge(bridge, "mixing").catch(() => undefined);
    let leg: string | null = first;
    for (;;) {
      const current: string = leg;
      this.own(current);
      const legEnded = this.wait((e) =>
        (e.type === "StasisEnd" || e.type === "ChannelHangupRequest" || e.type === "ChannelDestroyed") &&
        e.channel.id === current
          ? true
          : undefined,
      );
      // The wait is set before the leg is added: a leg that ends after the add is heard ending; one that had
      // already gone (this loop followed it late, the person the caller was transferred to hung up first) is
      // refused by Asterisk, and its end was before the wait.
      const joined = await this.rest.addToBridge(bridge, [this.channel.id, current]).then(
        () => true,
        (error: unknown) => !(error instanceof AriRequestError && GONE_STATUSES.has(error.status)),
      );
      if (!joined) this.cancel(legEnded);
      const end = joined ? await this.race(legEnded.promise, null) : true;
      this.owned.delete(current);
      if (end === HANGUP) {
        await this.rest.destroyBridge(bridge).catch(() => undefined);
        return HANGUP;
      }
      // A blind transfer or a finished consultation has already wrapped the agent up (the view has left).
      const now = await queues.view(this.meta.tenantId, this.meta.callId);
      const next =
        now.kind === "waiting" ? null : await queues.agentLegOf(this.meta.tenantId, this.meta.callId);
      leg = next !== current ? next : null;
      if (!leg) return now;
    }
  }

  // --- slow requests ----------------------------------------------------------------------------------------

  private async holdForHttp(step: AriStepOf<"hold-for-http">, plan: AriPlan): Promise<string | null> {
    const { session, media } = this.deps;
    await this.rest.startMoh(this.channel.id, media.holdClass(this.meta.tenantId)).catch(() => undefined);
    while (!this.hungUp) {
      const asked = this.deps.clock();
      const answer = await session.httpWait(this.key, step.turn);
      if (parsePlan(answer).id !== plan.id) {
        await this.rest.stopMoh(this.channel.id).catch(() => undefined);
        return answer;
      }
      // The call core answered at once (nothing to wait on yet): ask again shortly, not in a loop.
      if (this.deps.clock() - asked < 100) await this.race(new Promise(() => {}), 200);
    }
    return null;
  }

  // --- plumbing ---------------------------------------------------------------------------------------------

  private send(
    turn: number,
    endpoint: string,
    event: CallEvent,
    extras?: (call: Parameters<typeof voicemailRecording>[0]) => TurnExtras,
  ): Promise<string> {
    return this.deps.session.event(this.key, `${endpoint}:${turn}`, turn, (call) => ({
      event,
      ...(extras ? { extras: extras(call) } : {}),
    }));
  }

  /** A channel this call made (a leg, a snoop): its events come here and it goes when the call ends. */
  private own(id: string): void {
    this.owned.add(id);
    this.deps.route(id, this);
  }

  private wait<T>(
    match: (event: AriEvent) => T | undefined,
    afterHangup = false,
  ): { promise: Promise<T | typeof HANGUP>; waiter: Waiter } {
    let waiter!: Waiter;
    const promise = new Promise<T | typeof HANGUP>((resolve) => {
      waiter = { match, resolve: resolve as (value: unknown) => void, afterHangup };
    });
    if (this.hungUp && !afterHangup) waiter.resolve(HANGUP);
    else this.waiters.add(waiter);
    return { promise, waiter };
  }

  private cancel(wait: { waiter: Waiter }): void {
    this.waiters.delete(wait.waiter);
  }

  /** The first of: `promise`, the time limit (null: none), the caller hanging up (unless `afterHangup`). */
  private race<T>(promise: Promise<T>, ms: number | null, afterHangup = false): Promise<Outcome<T>> {
    const contenders: Promise<Outcome<T>>[] = [promise];
    let timer: NodeJS.Timeout | undefined;
    if (ms !== null)
      contenders.push(new Promise((resolve) => (timer = setTimeout(() => resolve(TIMEOUT), ms))));
    let hangup: ReturnType<ChannelCall["wait"]> | undefined;
    if (!afterHangup) {
      hangup = this.wait(() => undefined);
      contenders.push(hangup.promise as Promise<typeof HANGUP>);
    }
    return Promise.race(contenders).finally(() => {
      clearTimeout(timer);
      if (hangup) this.cancel(hangup);
    });
  }
}
