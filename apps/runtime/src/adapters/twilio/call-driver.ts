import type { CallCommand, CallEvent } from "@ringflow/flow-schema";
import type { Logger } from "@ringflow/platform";
import { step, type CompiledFlow, type StepResult } from "../../engine/index.ts";
import {
  consentRecords,
  extendPath,
  inputNotes,
  logEvents,
  summaryOf,
  type AdapterNote,
  type CallLogJob,
  type CallStatusValue,
  type LogRecording,
} from "../../calls/call-log.ts";
import type { CallRecord, CallStore } from "../../calls/call-store.ts";
import { within, type HttpResults } from "../../calls/http-results.ts";
import type { FlowResolver } from "../../calls/resolve-flow.ts";
import { httpEvent, type HttpOutcome, type HttpRequestCommand } from "../../http/executor.ts";
import { maskBody, maskHeaders, maskUrl } from "../../http/mask.ts";
import type { RuntimeQueues } from "../../jobs/queues.ts";
import { HANGUP_TWIML, renderTwiml, type TwimlOptions } from "./twiml.ts";

export interface DriverDeps {
  store: CallStore;
  flows: FlowResolver;
  queues: RuntimeQueues;
  httpResults: HttpResults;
  twiml: TwimlOptions;
  logger: Logger;
  /** A request node answered within this time is answered inline; slower ones get hold music and polling. */
  inlineHttpMs: number;
  /** How long one poll of a slow request waits for its outcome before more hold music. */
  httpPollMs: number;
}

/** Extra log content of one turn beside the engine's trace. */
export interface TurnExtras {
  notes?: AdapterNote[];
  input?: CallEvent | null;
  recordings?: LogRecording[];
  status?: CallLogJob["status"];
  /** The turn emitted nothing for the caller (a status callback): later webhooks keep the previous answer. */
  keepAnswer?: boolean;
}

const MAX_ATTEMPTS = 5;

/** Applies engine results to stored calls, answers with TwiML, runs request nodes and queues the log. */
export class CallDriver {
  constructor(private readonly deps: DriverDeps) {}

  flowOf(record: CallRecord): Promise<CompiledFlow> {
    return this.deps.flows.compile(record.meta);
  }

  /**
   * Answers an action webhook for `turn`: a replay gets the answer already given; a webhook for a turn the
   * call has left gets the latest TwiML; otherwise the event is applied, compare-and-set against other processes.
   * `makeEvent` returns null when there is nothing to apply yet (a slow request still running).
   */
  async action(
    callSid: string,
    answerId: string,
    turn: number,
    makeEvent: (record: CallRecord) => Promise<{ event: CallEvent; extras?: TurnExtras } | null>,
  ): Promise<string> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { answer, record } = await this.deps.store.load(callSid, answerId);
      if (answer !== null) return answer;
      if (!record) return HANGUP_TWIML;
      if (record.state.status === "ended") return HANGUP_TWIML;
      if (record.state.turn !== turn || record.state.status !== "waiting") return record.lastAnswer;
      const made = await makeEvent(record);
      if (!made) return record.lastAnswer;
      const flow = await this.flowOf(record);
      const result = step(flow, record.state, made.event);
      const twiml = await this.advance(record, flow, result, [answerId], {
        ...made.extras,
        input: made.event,
        notes: [
          ...inputNotes(made.event, record.state.waiting?.nodeId ?? null),
          ...(made.extras?.notes ?? []),
        ],
      });
      if (twiml !== null) return twiml;
    }
    this.deps.logger.warn({ callSid, answerId }, "gave up after repeated write conflicts");
    return (await this.deps.store.load(callSid)).record?.lastAnswer ?? HANGUP_TWIML;
  }

  /**
   * Stores the result of a step (compare-and-set on `record.rev`), queues its log, and returns the TwiML, or
   * null when another process changed the call first. A request node runs here: inline when it answers fast,
   * else the caller hears hold music and Twilio polls /twilio/http-wait.
   */
  async advance(
    record: CallRecord,
    flow: CompiledFlow,
    result: StepResult,
    answerIds: string[],
    extras: TurnExtras = {},
    prefix: CallCommand[] = [],
  ): Promise<string | null> {
    const at = result.state.lastEventAt;
    const commands = [...prefix, ...result.commands];
    const last = result.commands[result.commands.length - 1];
    const pendingHttp = last?.type === "http.request" ? last : null;
    let twiml = renderTwiml(commands, this.deps.twiml);
    if (result.state.status === "ended" && !commands.some((c) => c.type === "hangup"))
      twiml = renderTwiml([...commands, { type: "hangup" }], this.deps.twiml);
    else if (extras.keepAnswer) twiml = record.lastAnswer;
    const notes = [...(extras.notes ?? [])];
    if (pendingHttp) notes.push(httpRequestNote(pendingHttp, result.state.waiting?.nodeId ?? null));
    const { events, nextSeq } = logEvents(record.seq, at, notes, result.trace);
    const path = extendPath(record.path, result.trace);
    const consents = consentRecords(
      flow,
      result.state,
      result.trace,
      record.meta.callId,
      extras.input ?? null,
    );
    const allowing = consents.filter((c) => c.granted || !c.required).at(-1);
    const recordCommand = result.commands.find((c) => c.type === "record");
    const next: CallRecord = {
      ...record,
      state: result.state,
      seq: nextSeq,
      path,
      lastAnswer: twiml,
      pendingHttp: pendingHttp ? { command: pendingHttp, startedAt: Date.now() } : null,
      mailbox: recordCommand ? recordCommand.mailbox : record.mailbox,
      consentRecordId: allowing ? allowing.id : record.consentRecordId,
    };
    const written = await this.deps.store.commit(next, answerIds);
    if (!written) return null;

    const ended = result.state.status === "ended" && record.state.status !== "ended";
    this.queueLog({
      call: { ...record.meta, startedAt: record.state.startedAt },
      create: true,
      events,
      consents,
      recordings: extras.recordings ?? [],
      ...(extras.status ? { status: extras.status } : {}),
      ...(ended ? { summary: summaryOf(written, flow, result.trace, at) } : {}),
    });
    if (commands.some((c) => c.type === "recording.stop") && record.meta.providerAccountId)
      void this.deps.queues.twilioRest
        .add("stop-recording", {
          kind: "stop-recording",
          tenantId: record.meta.tenantId,
          providerAccountId: record.meta.providerAccountId,
          callSid: record.meta.providerCallId,
        })
        .catch((error: unknown) => this.deps.logger.error({ err: error }, "could not queue stop-recording"));

    if (!pendingHttp) return twiml;
    const outcome = await within(this.deps.httpResults.run(pendingHttp), this.deps.inlineHttpMs);
    if (!outcome) return twiml;
    const event = httpEvent(pendingHttp, outcome, Date.now());
    const inline = await this.advance(
      written,
      flow,
      step(flow, written.state, event),
      [...answerIds, `http-wait:${pendingHttp.turn}`],
      { notes: [httpOutcomeNote(outcome, written.state.frame.nodeId)], input: event },
      commands.filter((c) => c !== pendingHttp),
    );
    return inline ?? twiml;
  }

  /** /twilio/http-wait: the outcome when it is in, hold music while it is not, a timeout past the deadline. */
  httpWait(callSid: string, turn: number): Promise<string> {
    return this.action(callSid, `http-wait:${turn}`, turn, async (record) => {
      const pending = record.pendingHttp;
      if (!pending) return null;
      const { command } = pending;
      let outcome: (HttpOutcome & { ms?: number }) | null = await this.deps.httpResults.waitFor(
        command.requestId,
        this.deps.httpPollMs,
      );
      // The process running the request may have died; past the node's timeout the flow goes on without it.
      if (!outcome && Date.now() > pending.startedAt + command.timeoutSeconds * 1000 + 5000)
        outcome = {
          type: "http.error",
          message: `no answer within ${command.timeoutSeconds} s`,
          timedOut: true,
        };
      if (!outcome) return null;
      return {
        event: httpEvent(command, outcome, Date.now()),
        extras: { notes: [httpOutcomeNote(outcome, record.state.frame.nodeId)] },
      };
    });
  }

  queueLog(job: CallLogJob): void {
    // The answer never waits for the log; a failed enqueue is logged, the call goes on.
    this.deps.queues
      .log(job)
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, callId: job.call.callId }, "could not queue the call log"),
      );
  }
}

function httpRequestNote(command: HttpRequestCommand, nodeId: string | null): AdapterNote {
  return {
    type: "http.request",
    nodeId,
    data: {
      requestId: command.requestId,
      method: command.method,
      url: maskUrl(command.url),
      headers: maskHeaders(command.headers),
      ...(command.body !== undefined ? { body: maskBody(command.body) } : {}),
      timeoutSeconds: command.timeoutSeconds,
    },
  };
}

function httpOutcomeNote(outcome: HttpOutcome & { ms?: number }, nodeId: string | null): AdapterNote {
  return outcome.type === "http.response"
    ? {
        type: "http.response",
        nodeId,
        data: {
          status: outcome.status,
          headers: maskHeaders(outcome.headers),
          body: maskBody(outcome.body),
          ms: outcome.ms,
        },
      }
    : {
        type: "http.error",
        nodeId,
        data: { message: outcome.message, timedOut: !!outcome.timedOut, ms: outcome.ms },
      };
}

/** Twilio's CallStatus values in the order a call goes through them; terminal ones share the last rank. */
const STATUS: Record<string, { rank: number; value: CallStatusValue }> = {
  queued: { rank: 1, value: "QUEUED" },
  initiated: { rank: 1, value: "QUEUED" },
  ringing: { rank: 2, value: "RINGING" },
  "in-progress": { rank: 3, value: "IN_PROGRESS" },
  completed: { rank: 4, value: "COMPLETED" },
  busy: { rank: 4, value: "BUSY" },
  "no-answer": { rank: 4, value: "NO_ANSWER" },
  failed: { rank: 4, value: "FAILED" },
  canceled: { rank: 4, value: "CANCELED" },
};

export const callStatusOf = (status: string) => STATUS[status] ?? null;
export const TERMINAL_RANK = 4;
