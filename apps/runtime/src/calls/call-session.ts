import {
  CALL_STATUS_RANK,
  FINAL_CALL_STATUS_RANK,
  type CallCommand,
  type CallCommandOf,
  type CallEvent,
  type CallStatus,
} from "@ringflow/flow-schema";
import type { Logger } from "@ringflow/platform";
import { startCall, step, type CompiledFlow, type StartCallInput, type StepResult } from "../engine/index.ts";
import { httpEvent, type HttpOutcome, type HttpRequestCommand } from "../http/executor.ts";
import type { CallLogEntry, LogRecording } from "../jobs/call-log.job.ts";
import {
  consentRecords,
  extendPath,
  inputNotes,
  logCall,
  logEvents,
  summaryOf,
  type AdapterNote,
} from "./call-log.ts";
import {
  endedCall,
  type CallKey,
  type CallMeta,
  type EndedCall,
  type LiveCall,
  type StoredCall,
} from "./call-record.ts";
import type { CallAdapter, Segment, SmsOutcome } from "./call-adapter.ts";
import { realtimeEvents } from "./call-realtime.ts";
import type { CallStore } from "./call-store.ts";
import type { Clock } from "./clock.ts";
import { httpOutcomeNote, httpRequestNote } from "./http-notes.ts";
import { within, type HttpRunner } from "./http-results.ts";

/** A messaging API that does not answer within this long: the text counts as not sent. */
const SMS_TIMEOUT_MS = 8000;

export interface CallSessionDeps<A> {
  store: CallStore<A>;
  adapter: CallAdapter<A>;
  /** The compiled flow of a call's pinned versions. */
  flowOf: (call: LiveCall<A>) => Promise<CompiledFlow>;
  http: HttpRunner;
  clock: Clock;
  logger: Pick<Logger, "warn" | "error">;
  /** A request node answered within this time is answered inline; slower ones wait provider-side. */
  inlineHttpMs: number;
  /** How long one poll of a slow request waits for its outcome. */
  httpPollMs: number;
}

/** Extra content of one turn beside the engine's trace. */
export interface TurnExtras {
  notes?: AdapterNote[];
  input?: CallEvent | null;
  recordings?: LogRecording[];
  status?: CallLogEntry["status"];
}

export interface StartInput {
  meta: CallMeta;
  flow: CompiledFlow;
  engine: Omit<StartCallInput, "at" | "callId">;
  /** The answer id of the event that starts the call (its replays get the same answer). */
  answerId: string;
  notes: AdapterNote[];
  status: CallStatus;
}

/** One event of the current turn, made from the provider's input once the call is loaded. */
export type MakeEvent<A> = (
  call: LiveCall<A>,
) =>
  | Promise<{ event: CallEvent; extras?: TurnExtras } | null>
  | { event: CallEvent; extras?: TurnExtras }
  | null;

const MAX_ATTEMPTS = 5;
/** A request whose process died: past its timeout plus this, the flow goes on without it. */
const HTTP_GRACE_MS = 5000;

/**
 * The one call core: start, step and status of every call of every provider, written once. Owns
 * compare-and-set with its retries, replay answers, HTTP request nodes and feeding their outcome back, the
 * durable log, real-time events and side effects after a write. Adapters translate; the clock is injected.
 */
export class CallSession<A> {
  constructor(private readonly deps: CallSessionDeps<A>) {}

  /** The call as stored now, for adapters that must know where it stands before answering (queue waits). */
  async peek(key: CallKey): Promise<StoredCall<A> | null> {
    return (await this.deps.store.load(key)).record;
  }

  /** The answer that ended an ended call's flow (its last prompt and hangup), while the record is kept. */
  async finalAnswer(key: CallKey): Promise<A | null> {
    const record = await this.peek(key);
    if (!record?.ended || !record.endedBy) return null;
    return (await this.deps.store.load(key, record.endedBy)).answer;
  }

  /**
   * A new call: runs the flow from its start until it waits. A replay of the first event gets the same answer:
   * the write of a new call is refused when the call exists, and the stored call then answers (a new call costs
   * no load).
   */
  async start(key: CallKey, input: StartInput): Promise<A> {
    const at = this.deps.clock();
    const result = startCall(input.flow, { ...input.engine, callId: input.meta.callId, at });
    const fresh: LiveCall<A> = {
      ended: false,
      rev: 0,
      state: result.state,
      meta: input.meta,
      seq: 0,
      path: [],
      providerStatus: input.status,
      statusRank: CALL_STATUS_RANK[input.status],
      durationSeconds: null,
      lastAnswer: this.deps.adapter.ended,
      pendingHttp: null,
      mailbox: null,
      consentRecordId: null,
    };
    const started = await this.advance(fresh, input.flow, result, [input.answerId], {
      notes: input.notes,
      status: { value: "in-progress" },
    });
    if (started) return started;
    // A replay of this very event, or lost a race with one: answer what the first answered.
    const again = await this.deps.store.load(key, input.answerId);
    return again.answer ?? (again.record ? this.latest(again.record) : this.deps.adapter.ended);
  }

  /**
   * An event for `turn`: a replay gets the answer already given; an event for a turn the call has left gets
   * the latest answer; otherwise the event is applied, compare-and-set against other processes. `make`
   * returns null when there is nothing to apply yet (a slow request still running).
   */
  event(key: CallKey, answerId: string, turn: number, make: MakeEvent<A>): Promise<A> {
    return this.apply(key, answerId, turn, make, true);
  }

  /**
   * `event`; with `recent`, it starts from the call as this process last wrote it when the store keeps that
   * (the write is compare-and-set), and loads once `make` has nothing to apply to it.
   */
  private async apply(
    key: CallKey,
    answerId: string,
    turn: number,
    make: MakeEvent<A>,
    recent: boolean,
  ): Promise<A> {
    let known = recent ? (this.deps.store.recent?.(key, turn, answerId) ?? null) : null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const fromRecent = known !== null;
      const { answer, record } = known
        ? { answer: null, record: known }
        : await this.deps.store.load(key, answerId);
      known = null;
      if (answer !== null) return answer;
      if (!record) {
        // Another account's call, or one that never was: nothing runs, and it is on record.
        this.deps.logger.warn(
          { account: key.account, callId: key.id, answerId },
          "an event for an unknown call",
        );
        return this.deps.adapter.ended;
      }
      if (record.ended) return this.deps.adapter.ended;
      if (record.state.turn !== turn || record.state.status !== "waiting") return record.lastAnswer;
      const made = await make(record);
      if (!made && fromRecent) continue;
      if (!made) return record.lastAnswer;
      const flow = await this.deps.flowOf(record);
      const result = step(flow, record.state, made.event);
      const answered = await this.advance(record, flow, result, [answerId], {
        ...made.extras,
        input: made.event,
        notes: [
          ...inputNotes(made.event, record.state.waiting?.nodeId ?? null),
          ...(made.extras?.notes ?? []),
        ],
      });
      if (answered !== null) return answered;
    }
    this.deps.logger.warn({ callId: key.id, answerId }, "gave up after repeated write conflicts");
    const last = (await this.deps.store.load(key)).record;
    return last ? this.latest(last) : this.deps.adapter.ended;
  }

  /**
   * The provider came back for a text whose outcome never reached it (the process sending it died): the flow
   * goes on as if it was not sent, saying why.
   */
  smsWait(key: CallKey, turn: number): Promise<A> {
    return this.apply(
      key,
      `sms-wait:${turn}`,
      turn,
      (call) =>
        call.state.waiting?.for === "sms" && call.state.waiting.requestId
          ? {
              event: {
                type: "sms.result",
                turn,
                at: this.deps.clock(),
                requestId: call.state.waiting.requestId,
                status: "failed",
                error:
                  "the runtime restarted before the messaging service answered; the text may not have been sent",
              },
            }
          : null,
      false,
    );
  }

  /** A poll of a slow request: its outcome when it is in, null (keep waiting) while it is not. */
  httpWait(key: CallKey, turn: number): Promise<A> {
    return this.apply(
      key,
      `http-wait:${turn}`,
      turn,
      async (call) => {
        const pending = call.pendingHttp;
        if (!pending) return null;
        const { command } = pending;
        let outcome: (HttpOutcome & { ms?: number }) | null = await this.deps.http.waitFor(
          command.requestId,
          this.deps.httpPollMs,
        );
        if (!outcome && this.deps.clock() > pending.startedAt + command.timeoutSeconds * 1000 + HTTP_GRACE_MS)
          outcome = {
            type: "http.error",
            message: `no answer within ${command.timeoutSeconds} s`,
            timedOut: true,
          };
        if (!outcome) return null;
        return {
          event: httpEvent(command, outcome, this.deps.clock()),
          extras: { notes: [httpOutcomeNote(outcome, call.state.frame.nodeId)] },
        };
      },
      false,
    );
  }

  /**
   * The provider's call status: moves the call forward only (late and out-of-order reports are ignored) and
   * ends it when final. `unknown` handles a status of a call never started here (an unanswered outbound call).
   */
  async status(
    key: CallKey,
    status: CallStatus,
    durationSeconds: number | undefined,
    unknown: () => Promise<void>,
  ): Promise<void> {
    const rank = CALL_STATUS_RANK[status];
    const note: AdapterNote = {
      type: "call.status",
      data: { status, durationSeconds: durationSeconds ?? null },
    };
    const logStatus = { value: status, ...(durationSeconds !== undefined ? { durationSeconds } : {}) };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { record } = await this.deps.store.load(key);
      if (!record) return unknown();
      if (rank <= record.statusRank) return;
      if (record.ended) {
        if (await this.commitEnded(record, { ...record, statusRank: rank }, [note], { status: logStatus }))
          return;
        continue;
      }
      const flow = await this.deps.flowOf(record);
      const at = this.deps.clock();
      const result: StepResult =
        rank === FINAL_CALL_STATUS_RANK
          ? step(flow, record.state, { type: "call.status", at, status: status as never })
          : { state: record.state, commands: [], commandNodes: [], trace: [] };
      const withStatus: LiveCall<A> = {
        ...record,
        providerStatus: status,
        statusRank: rank,
        durationSeconds: durationSeconds ?? record.durationSeconds,
      };
      const written = await this.advance(
        withStatus,
        flow,
        { ...result, commands: [], commandNodes: [] },
        [],
        { notes: [note], status: logStatus },
        record.lastAnswer,
      );
      if (written !== null) return;
    }
  }

  /** The caller hung up (a provider that reports it as an event, not as a status). */
  async hangup(key: CallKey): Promise<A> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { record } = await this.deps.store.load(key);
      if (!record || record.ended) return this.deps.adapter.ended;
      const flow = await this.deps.flowOf(record);
      const event: CallEvent = { type: "call.hangup", at: this.deps.clock(), by: "caller" };
      const answered = await this.advance(record, flow, step(flow, record.state, event), [], {
        input: event,
        status: { value: "completed" },
      });
      if (answered !== null) return answered;
    }
    return this.deps.adapter.ended;
  }

  /** A recording (or its transcript) reported by the provider: logged against the call it belongs to. */
  async recording(key: CallKey, make: (call: StoredCall<A>) => LogRecording | null): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { record } = await this.deps.store.load(key);
      const row = record ? make(record) : null;
      if (!record || !row) return;
      const log = { ...this.logEntry(record, []), recordings: [row] };
      const written = await this.deps.store.commit({
        next: record,
        answer: null,
        answerIds: [],
        log,
        realtime: [],
        ending: false,
      });
      if (written) return;
    }
  }

  /**
   * Stores the result of a step (compare-and-set on `call.rev`) with its log, and returns the answer, or null
   * when another process changed the call first. A request node runs here: inline when it answers fast, else
   * the answer lets the provider wait (hold music) and poll.
   */
  private async advance(
    call: LiveCall<A>,
    flow: CompiledFlow,
    result: StepResult,
    answerIds: string[],
    extras: TurnExtras,
    keepAnswer?: A,
    earlier: Segment[] = [],
  ): Promise<A | null> {
    const at = result.state.lastEventAt;
    const last = result.commands[result.commands.length - 1];
    const pendingHttp = last?.type === "http.request" ? last : null;
    const pendingSms = last?.type === "sms.send" ? last : null;
    const notes = [...(extras.notes ?? [])];
    const waitingNode = result.state.waiting?.nodeId ?? null;
    if (pendingHttp) notes.push(httpRequestNote(pendingHttp, waitingNode));
    if (pendingSms)
      notes.push({
        type: "sms.request",
        nodeId: waitingNode,
        data: { requestId: pendingSms.requestId, to: pendingSms.to, body: pendingSms.body },
      });
    const segment: Segment = { ...result, notes };
    const segments = [...earlier, segment];
    const answer = keepAnswer !== undefined ? keepAnswer : this.deps.adapter.render(segments, call.meta);
    const { events, nextSeq } = logEvents(call.seq, at, notes, result.trace);
    const consents = consentRecords(flow, result.state, result.trace, call.meta.callId, extras.input ?? null);
    const allowing = consents.filter((c) => c.granted || !c.required).at(-1);
    const recordCommand = result.commands.find((c) => c.type === "record");
    const live: LiveCall<A> = {
      ...call,
      state: result.state,
      seq: nextSeq,
      path: extendPath(call.path, result.trace),
      lastAnswer: answer,
      pendingHttp: pendingHttp ? { command: pendingHttp, startedAt: this.deps.clock() } : null,
      mailbox: recordCommand ? recordCommand.mailbox : call.mailbox,
      consentRecordId: allowing ? allowing.id : call.consentRecordId,
    };
    const ending = result.state.status === "ended";
    const log: CallLogEntry = {
      ...this.logEntry(live, events),
      create: true,
      consents,
      recordings: extras.recordings ?? [],
      ...(extras.status ? { status: extras.status } : {}),
      ...(ending ? { summary: summaryOf(live, flow, result.trace, at) } : {}),
    };
    const written = await this.deps.store.commit({
      next: ending ? endedCall(live, keepAnswer === undefined ? answerIds[0] : undefined) : live,
      answer: keepAnswer !== undefined ? null : answer,
      answerIds,
      log,
      realtime: realtimeEvents(call, live, at),
      ending,
    });
    if (!written) return null;
    this.deps.adapter.afterCommit?.(segment, { ...live, rev: written.rev });

    if (written.ended) return answer;
    const effect = await this.inlineEffect(last, live, waitingNode);
    if (!effect) return answer;
    const continued = await this.advance(
      { ...live, rev: written.rev },
      flow,
      step(flow, live.state, effect.event),
      [...answerIds, effect.answerId],
      { input: effect.event, notes: effect.notes },
      undefined,
      segments,
    );
    return continued ?? answer;
  }

  /**
   * The outcome of the request or text a step ended on, as the event that continues the call: a text always
   * (bounded in time), a request when it answers within the inline time (else the provider polls for it).
   */
  private async inlineEffect(
    last: CallCommand | undefined,
    live: LiveCall<A>,
    nodeId: string | null,
  ): Promise<{ event: CallEvent; notes: AdapterNote[]; answerId: string } | null> {
    if (last?.type === "sms.send") {
      const sent = await this.sendSms(last, live);
      const event: CallEvent = {
        type: "sms.result",
        turn: last.turn,
        at: this.deps.clock(),
        requestId: last.requestId,
        ...sent,
      };
      return { event, notes: inputNotes(event, nodeId), answerId: `sms-wait:${last.turn}` };
    }
    if (last?.type !== "http.request") return null;
    const outcome = await within(this.deps.http.run(last), this.deps.inlineHttpMs);
    if (!outcome) return null;
    return {
      event: httpEvent(last, outcome, this.deps.clock()),
      notes: [httpOutcomeNote(outcome, live.state.frame.nodeId)],
      answerId: `http-wait:${last.turn}`,
    };
  }

  /** The adapter's messaging API, bounded in time; a provider without one cannot send texts. */
  private async sendSms(command: CallCommandOf<"sms.send">, call: LiveCall<A>): Promise<SmsOutcome> {
    const send = this.deps.adapter.sendSms;
    if (!send) return { status: "failed", error: "this provider cannot send text messages" };
    const outcome = await within(
      send(command, call).catch((error: unknown): SmsOutcome => ({
        status: "failed",
        error: (error as Error).message,
      })),
      SMS_TIMEOUT_MS,
    );
    return (
      outcome ?? {
        status: "failed",
        error: `the messaging service did not answer within ${SMS_TIMEOUT_MS / 1000} s`,
      }
    );
  }

  private async commitEnded(
    current: EndedCall,
    next: EndedCall,
    notes: AdapterNote[],
    extras: Pick<TurnExtras, "status">,
  ): Promise<boolean> {
    const { events, nextSeq } = logEvents(current.seq, this.deps.clock(), notes, []);
    const log = { ...this.logEntry(current, events), ...(extras.status ? { status: extras.status } : {}) };
    return !!(await this.deps.store.commit({
      next: { ...next, seq: nextSeq },
      answer: null,
      answerIds: [],
      log,
      realtime: [],
      ending: false,
    }));
  }

  /** What an event of a turn the call has left gets: the latest answer, or a hangup once it ended. */
  private latest(call: StoredCall<A>): A {
    return call.ended ? this.deps.adapter.ended : call.lastAnswer;
  }

  /** The log entry skeleton of a call: no Call row is created unless the caller says so. */
  private logEntry(call: StoredCall<A>, events: CallLogEntry["events"]): CallLogEntry {
    return { call: logCall(call), create: false, events, consents: [], recordings: [] };
  }
}

export type { HttpRequestCommand };
