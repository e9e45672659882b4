import type {
  CallCommand,
  CallEvent,
  SimulatorClientMessageParsed,
  SimulatorHttpMock,
  SimulatorServerMessage,
  SimulatorStart,
} from "@ringflow/flow-schema";
import { startCall, step, type CompiledFlow, type StepResult } from "../../engine/index.ts";
import type { CallState } from "../../engine/state.ts";
import {
  httpEvent,
  type HttpExecutor,
  type HttpOutcome,
  type HttpRequestCommand,
} from "../../http/executor.ts";
import { maskBody, maskHeaders, maskText, maskUrl } from "../../http/mask.ts";

export interface SimulatorSessionOptions {
  flow: CompiledFlow;
  flowInfo: { flowId: string | null; version: number | "draft" };
  start: SimulatorStart;
  callId: string;
  executor: HttpExecutor;
  send: (message: SimulatorServerMessage) => void;
  /** The real clock; tests pass their own. */
  now?: () => number;
}

/**
 * One test call: the live engine's startCall/step with a simulated caller. Commands become messages for the
 * builder, HTTP request nodes really run (or answer from the admin's mocks), and the clock can be moved.
 */
export class SimulatorSession {
  private state: CallState | null = null;
  private offset: number;
  private readonly now: () => number;
  /** Inputs wait while an HTTP request runs, so events stay in order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: SimulatorSessionOptions) {
    this.now = options.now ?? Date.now;
    this.offset = options.start.clock ? Date.parse(options.start.clock) - this.now() : 0;
  }

  private clock(): number {
    return this.now() + this.offset;
  }

  begin(): Promise<void> {
    return this.enqueue(async () => {
      const { start, flow, flowInfo, callId } = this.options;
      const at = this.clock();
      this.options.send({
        type: "started",
        callId,
        flow: { name: flow.document.name, ...flowInfo },
        clock: new Date(at).toISOString(),
      });
      const result = startCall(flow, {
        callId,
        direction: start.caller.direction,
        from: start.caller.from,
        to: start.caller.to,
        at,
        ...(flowInfo.flowId ? { flowId: flowInfo.flowId } : {}),
        ...(typeof flowInfo.version === "number" ? { flowVersion: flowInfo.version } : {}),
        ...(start.caller.callerState ? { callerState: start.caller.callerState } : {}),
        ...(start.language ? { language: start.language } : {}),
        ...(start.variables ? { variables: start.variables } : {}),
      });
      await this.publish(result);
    });
  }

  /** A message from the builder (already parsed); `start` is handled by the socket. */
  handle(message: Exclude<SimulatorClientMessageParsed, { type: "start" }>): Promise<void> {
    return this.enqueue(async () => {
      if (message.type === "clock") {
        this.offset = Date.parse(message.at) - this.now();
        if (this.state) this.sendState(this.state);
        return;
      }
      const state = this.state;
      if (!state) return;
      const event = this.toEvent(message, state);
      if (!event) {
        this.options.send({
          type: "error",
          message: `${message.type} does not answer what the flow is waiting for`,
        });
        return;
      }
      await this.publish(step(this.options.flow, state, event));
    });
  }

  private toEvent(
    message: Exclude<SimulatorClientMessageParsed, { type: "start" | "clock" }>,
    state: CallState,
  ): CallEvent | null {
    const base = { turn: state.turn, at: this.clock() };
    const waitingFor = state.waiting?.for;
    switch (message.type) {
      case "hangup":
        return { type: "call.hangup", at: base.at, by: "caller" };
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

  /** Sends what one step produced; runs an HTTP request it waits on and goes on with the outcome. */
  private async publish(result: StepResult): Promise<void> {
    for (let current: StepResult | null = result; current;) {
      const nodeId: string | null = current.state.frame.nodeId;
      for (const command of current.commands) this.sendCommand(command, nodeId);
      this.options.send({
        type: "trace",
        entries: current.trace.map((entry) => ({ ...entry, reason: maskText(entry.reason) })),
      });
      this.state = current.state;
      this.sendState(current.state);
      const last: CallCommand | undefined = current.commands[current.commands.length - 1];
      if (current.state.status === "ended") {
        this.options.send({ type: "ended", reason: current.state.endReason ?? "ended" });
        return;
      }
      const waiting = current.state.waiting;
      if (waiting && last && last.type !== "say" && last.type !== "play")
        this.options.send({
          type: "waiting",
          turn: current.state.turn,
          for: waiting.for,
          nodeId: waiting.nodeId,
          command: last,
        });
      current = last?.type === "http.request" ? await this.runHttp(last, current.state, nodeId) : null;
    }
  }

  private async runHttp(
    command: HttpRequestCommand,
    state: CallState,
    nodeId: string | null,
  ): Promise<StepResult> {
    const started = this.now();
    const mock = findMock(this.options.start.httpMocks, command);
    const outcome = mock ? await mocked(mock, command) : await this.options.executor.run(command);
    this.options.send({
      type: "http",
      nodeId,
      mocked: !!mock,
      request: {
        method: command.method,
        url: maskUrl(command.url),
        headers: maskHeaders(command.headers),
        ...(command.body !== undefined ? { body: maskBody(command.body) } : {}),
      },
      response:
        outcome.type === "http.response"
          ? { status: outcome.status, headers: maskHeaders(outcome.headers), body: maskBody(outcome.body) }
          : null,
      error: outcome.type === "http.error" ? outcome.message : null,
      ms: this.now() - started,
    });
    const event = httpEvent(command, outcome, this.clock());
    return step(this.options.flow, state, event);
  }

  private sendCommand(command: CallCommand, nodeId: string | null): void {
    const send = this.options.send;
    switch (command.type) {
      case "say":
      case "play":
        return send({ ...command, nodeId });
      case "gather":
        // The prompts play while the flow listens; the waiting message carries the rest.
        for (const prompt of command.prompts) send({ ...prompt, nodeId });
        return;
      case "recording.start":
        return send({ type: "recording", action: "start", channels: command.channels });
      case "recording.stop":
        return send({ type: "recording", action: "stop" });
      case "set-language":
        return send({ type: "language", language: command.language });
      case "dial":
      case "enqueue":
      case "record":
      case "http.request":
      case "hangup":
        // Announced by the waiting and ended messages.
        return;
    }
  }

  private sendState(state: CallState): void {
    this.options.send({
      type: "state",
      status: state.status,
      turn: state.turn,
      nodeId: state.frame.nodeId,
      flowId: state.frame.flowId,
      language: state.language,
      variables: state.frame.vars,
      consent: state.consent,
      recording: state.recording,
      clock: new Date(this.clock()).toISOString(),
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task, task);
    return this.queue;
  }
}

function findMock(mocks: SimulatorHttpMock[], command: HttpRequestCommand): SimulatorHttpMock | undefined {
  return mocks.find((m) => {
    if (m.method && m.method !== command.method) return false;
    const regex = /^\/(.+)\/([a-z]*)$/.exec(m.urlPattern);
    if (regex) {
      try {
        return new RegExp(regex[1] as string, regex[2]).test(command.url);
      } catch {
        return false;
      }
    }
    return command.url.includes(m.urlPattern);
  });
}

async function mocked(mock: SimulatorHttpMock, command: HttpRequestCommand): Promise<HttpOutcome> {
  const limit = command.timeoutSeconds * 1000;
  if (mock.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(mock.delayMs, limit)));
  if (mock.delayMs >= limit)
    return { type: "http.error", message: `timed out after ${command.timeoutSeconds} s`, timedOut: true };
  if (mock.error) return { type: "http.error", message: mock.error };
  return {
    type: "http.response",
    status: mock.status,
    body: typeof mock.body === "string" ? mock.body : JSON.stringify(mock.body ?? null),
    headers: { "content-type": "application/json", ...mock.headers },
  };
}
