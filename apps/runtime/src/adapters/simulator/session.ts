import { randomUUID } from "node:crypto";
import type {
  CallEvent,
  SimulatorClientMessageParsed,
  SimulatorServerMessage,
  SimulatorStart,
} from "@ringflow/flow-schema";
import type { Logger } from "@ringflow/platform";
import type { CallKey, CallMeta, LiveCall } from "../../calls/call-record.ts";
import { CallSession } from "../../calls/call-session.ts";
import { MemoryCallStore } from "../../calls/call-store.ts";
import type { LogStream } from "../../calls/log-stream.ts";
import type { CompiledFlow } from "../../engine/index.ts";
import type { HttpRunner } from "../../calls/http-results.ts";
import { simulatorAdapter, stateMessage } from "./simulator-adapter.ts";

type Messages = SimulatorServerMessage[];
type Input = Exclude<SimulatorClientMessageParsed, { type: "start" | "clock" }>;

export interface SimulatorSessionOptions {
  flow: CompiledFlow;
  flowInfo: { flowId: string | null; version: number | "draft"; flowVersionId: string | null };
  tenantId: string;
  start: SimulatorStart;
  /** The simulator's call id (`SIM…`), the provider call id of the stored test call. */
  callId: string;
  /** Request nodes: the admin's mocks, else the real request (MockingHttp); a test case's recorded answers. */
  http: HttpRunner;
  /** The durable log (a test call is a call); a test case played again is not logged. */
  log: Pick<LogStream, "append">;
  logger: Pick<Logger, "warn" | "error">;
  send: (message: SimulatorServerMessage) => void;
  /** The real clock; tests pass their own. */
  now?: () => number;
}

/** A test call waits as long as its request takes: the builder shows the exchange, there is no hold music. */
const INLINE_HTTP_MS = 10 * 60 * 1000;

/**
 * One test call: the live call core (the same CallSession as Twilio calls) with a simulated caller, an
 * in-memory call store, the admin's HTTP mocks and a clock that can be moved. Its log is the durable log of
 * every call, so the test call appears on the Calls page, marked as a test.
 */
export class SimulatorSession {
  private offset: number;
  private readonly now: () => number;
  private readonly key: CallKey;
  private readonly store: MemoryCallStore<Messages>;
  private readonly session: CallSession<Messages>;
  /** Inputs wait while an HTTP request runs, so events stay in order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: SimulatorSessionOptions) {
    this.now = options.now ?? Date.now;
    this.offset = options.start.clock ? Date.parse(options.start.clock) - this.now() : 0;
    this.key = { account: "sim", id: options.callId };
    const clock = () => this.clock();
    this.store = new MemoryCallStore<Messages>((log, realtime) =>
      options.log.append(log, realtime).catch((error: unknown) => {
        options.logger.warn({ err: error, callId: options.callId }, "could not log the test call");
      }),
    );
    this.session = new CallSession<Messages>({
      store: this.store,
      adapter: simulatorAdapter(clock),
      flowOf: async () => options.flow,
      http: options.http,
      clock,
      logger: options.logger,
      inlineHttpMs: INLINE_HTTP_MS,
      httpPollMs: 0,
    });
  }

  private clock(): number {
    return this.now() + this.offset;
  }

  begin(): Promise<void> {
    return this.enqueue(async () => {
      const { start, flow, flowInfo, callId, tenantId } = this.options;
      const at = this.clock();
      this.options.send({
        type: "started",
        callId,
        flow: { name: flow.document.name, flowId: flowInfo.flowId, version: flowInfo.version },
        clock: new Date(at).toISOString(),
      });
      const direction = start.caller.direction === "outbound" ? "OUTBOUND" : "INBOUND";
      const meta: CallMeta = {
        callId: randomUUID(),
        tenantId,
        provider: "SIMULATOR",
        providerCallId: callId,
        providerAccountId: null,
        phoneNumberId: null,
        flowId: flowInfo.flowId,
        flowVersionId: flowInfo.flowVersionId,
        subflowVersionIds: {},
        direction,
        from: start.caller.from,
        to: start.caller.to,
        existingRow: false,
        test: true,
      };
      const messages = await this.session.start(this.key, {
        meta,
        flow,
        answerId: "start",
        status: "in-progress",
        engine: {
          direction: start.caller.direction,
          from: start.caller.from,
          to: start.caller.to,
          ...(flowInfo.flowId ? { flowId: flowInfo.flowId } : {}),
          ...(typeof flowInfo.version === "number" ? { flowVersion: flowInfo.version } : {}),
          ...(start.caller.callerState ? { callerState: start.caller.callerState } : {}),
          ...(start.language ? { language: start.language } : {}),
          ...(start.variables ? { variables: start.variables } : {}),
        },
        notes: [
          {
            type: "call.start",
            data: {
              from: start.caller.from,
              to: start.caller.to,
              direction: start.caller.direction,
              callerState: start.caller.callerState ?? null,
              test: true,
            },
          },
        ],
      });
      this.sendAll(messages);
    });
  }

  /** A message from the builder (already parsed); `start` is handled by the socket. */
  handle(message: Exclude<SimulatorClientMessageParsed, { type: "start" }>): Promise<void> {
    return this.enqueue(async () => {
      const { record } = await this.store.load(this.key);
      if (!record || record.ended) return;
      if (message.type === "clock") {
        this.offset = Date.parse(message.at) - this.now();
        return this.options.send(stateMessage(record.state, this.clock()));
      }
      if (message.type === "hangup") return this.sendAll(await this.session.hangup(this.key));
      const event = this.toEvent(message, record);
      if (!event) {
        this.options.send({
          type: "error",
          message: `${message.type} does not answer what the flow is waiting for`,
        });
        return;
      }
      const turn = record.state.turn;
      this.sendAll(await this.session.event(this.key, `${message.type}:${turn}`, turn, () => ({ event })));
    });
  }

  private toEvent(message: Exclude<Input, { type: "hangup" }>, call: LiveCall<Messages>): CallEvent | null {
    const state = call.state;
    const base = { turn: state.turn, at: this.clock() };
    const waitingFor = state.waiting?.for;
    switch (message.type) {
      case "digits":
        return waitingFor === "gather" ? { type: "gather.result", ...base, digits: message.digits } : null;
      case "speech":
        return waitingFor === "gather"
          ? {
              type: "gather.result",
              ...base,
              speech: message.text,
              ...(message.confidence !== undefined ? { confidence: message.confidence } : {}),
            }
          : null;
      case "noInput":
        return waitingFor === "gather" ? { type: "gather.timeout", ...base } : null;
      case "dial":
        return waitingFor === "dial"
          ? {
              type: "dial.result",
              ...base,
              status: message.status,
              ...(message.durationSeconds !== undefined ? { durationSeconds: message.durationSeconds } : {}),
            }
          : null;
      case "queue":
        return waitingFor === "enqueue"
          ? {
              type: "enqueue.result",
              ...base,
              status: message.status,
              ...(message.waitSeconds !== undefined ? { waitSeconds: message.waitSeconds } : {}),
            }
          : null;
      case "record":
        return waitingFor === "record"
          ? {
              type: "record.result",
              ...base,
              ...(message.durationSeconds > 0
                ? {
                    url: `simulator://recording/${state.callId}/${state.turn}`,
                    durationSeconds: message.durationSeconds,
                  }
                : {}),
              ...(message.transcript ? { transcript: message.transcript } : {}),
            }
          : null;
    }
  }

  private sendAll(messages: Messages): void {
    for (const message of messages) this.options.send(message);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task, task);
    return this.queue;
  }
}
