import type { CallCommand, CallEvent, TraceEntry } from "@ringflow/flow-schema";
import { edgeKey, variableDefaults, type AnyCompiledNode, type CompiledFlow } from "./compile.ts";
import { NodeFailure, StepContext } from "./context.ts";
import { copyFrame, copyState, type CallState, type Frame, type Json } from "./state.ts";
import { steps } from "./steps/index.ts";
import type { Outcome, ResumeEvent, StepDefinition } from "./steps/types.ts";

export interface StepResult {
  state: CallState;
  commands: CallCommand[];
  /** The node that emitted each command (same index), so prompts are attributed to their own node. */
  commandNodes: (string | null)[];
  trace: TraceEntry[];
}

export interface StartCallInput {
  callId: string;
  direction: "inbound" | "outbound";
  from: string;
  to: string;
  /** Epoch ms: the engine's clock. */
  at: number;
  accountId?: string;
  flowId?: string;
  flowVersion?: number;
  /** US state of the caller, e.g. "CA", when known. */
  callerState?: string;
  /** Initial values for declared variables (e.g. from an outbound API trigger). */
  variables?: Record<string, Json>;
  language?: string;
}

/** Errors handled in one run before giving up and apologising; stops error handlers that fail themselves. */
const MAX_ERRORS_PER_RUN = 5;

/** Runs a new call from the start node until it must wait for the outside world. */
export function startCall(flow: CompiledFlow, input: StartCallInput): StepResult {
  const vars = variableDefaults(flow);
  for (const [name, value] of Object.entries(input.variables ?? {}))
    if (flow.variables.has(name)) vars[name] = value;
  const languages = flow.document.languages;
  const state: CallState = {
    version: 1,
    callId: input.callId,
    direction: input.direction,
    from: input.from,
    to: input.to,
    callerState: input.callerState?.toUpperCase() ?? null,
    startedAt: input.at,
    lastEventAt: input.at,
    flow: {
      accountId: input.accountId ?? null,
      flowId: input.flowId ?? null,
      flowVersion: input.flowVersion ?? null,
      name: flow.document.name,
    },
    status: "running",
    turn: 0,
    waiting: null,
    language:
      input.language && languages.supported.includes(input.language) ? input.language : languages.default,
    consent: "unknown",
    recording: false,
    frame: { flowId: null, nodeId: null, vars, nodes: {}, attempts: {} },
    stack: [],
    lastError: null,
    endReason: null,
  };
  const run = new Run(flow, state, input.at);
  run.enter(flow.startNodeId);
  return run.result();
}

/**
 * The engine: pure and deterministic. Applies one event to a call state and returns the new state, the
 * commands for the adapter and the trace. Never throws for a compiled flow; never mutates its input.
 */
export function step(flow: CompiledFlow, state: CallState, event: CallEvent): StepResult {
  const run = new Run(flow, copyState(state), event.at);
  run.handle(event);
  return run.result();
}

class Run {
  private readonly commands: CallCommand[] = [];
  private readonly commandNodes: (string | null)[] = [];
  private readonly trace: TraceEntry[] = [];
  private stepsWithoutWait = 0;
  private errors = 0;

  constructor(
    private readonly root: CompiledFlow,
    private readonly state: CallState,
    private readonly at: number,
  ) {
    state.lastEventAt = at;
  }

  result(): StepResult {
    return {
      state: this.state,
      commands: this.commands,
      commandNodes: this.attribute(null),
      trace: this.trace,
    };
  }

  /** Commands emitted since the last attribution belong to `nodeId`. */
  private attribute(nodeId: string | null): (string | null)[] {
    while (this.commandNodes.length < this.commands.length) this.commandNodes.push(nodeId);
    return this.commandNodes;
  }

  handle(event: CallEvent): void {
    const s = this.state;
    if (s.status === "ended")
      return this.note("ignored", `${event.type} ignored: the call has already ended`);
    if (event.type === "call.hangup")
      return this.endCall(`${event.by === "system" ? "the system" : "the caller"} hung up`, false);
    if (event.type === "call.status") return this.endCall(`call status ${event.status}`, false);
    if (event.type === "playback.finished") return this.note("ignored", "playback finished (informational)");
    if (event.turn !== s.turn)
      return this.note(
        "ignored",
        `${event.type} for turn ${event.turn} ignored: the call is at turn ${s.turn} (replayed or late event)`,
      );
    const waiting = s.waiting;
    if (!waiting) return this.note("ignored", `${event.type} ignored: the flow is not waiting`);
    const node = this.flow().nodes.get(waiting.nodeId) as AnyCompiledNode;
    s.waiting = null;
    s.status = "running";
    if (!answers(waiting, event)) {
      // Same turn but not what the node asked for: an adapter bug or a crossed wire; handled like any failure.
      const message = `unexpected ${event.type} while waiting for ${waiting.for}${waiting.requestId ? ` (${waiting.requestId})` : ""}`;
      const entry = { ...this.entry("resume", node), type: "error" as const, reason: `failed: ${message}` };
      this.trace.push(entry);
      const continuation = this.fail(node, message, entry);
      if (continuation) this.visit(...continuation);
      return;
    }
    this.visit(node, "resume", event);
  }

  enter(nodeId: string): void {
    this.visit(this.flow().nodes.get(nodeId) as AnyCompiledNode, "enter", undefined);
  }

  /** Runs node after node until one waits or the call ends. */
  private visit(first: AnyCompiledNode, how: "enter" | "resume", firstEvent?: ResumeEvent): void {
    let node = first;
    let mode = how;
    let event = firstEvent;
    for (;;) {
      const entry = this.entry(mode, node);
      this.state.frame.nodeId = node.id;
      const outcome = this.run(node, mode, event, entry);
      event = undefined;
      entry.reason = outcome.type === "fail" ? `failed: ${outcome.message}` : outcome.reason;
      this.trace.push(entry);
      const continuation = this.apply(node, outcome, entry);
      if (!continuation) return;
      [node, mode, event] = continuation;
    }
  }

  private run(
    node: AnyCompiledNode,
    mode: "enter" | "resume",
    event: ResumeEvent | undefined,
    entry: TraceEntry,
  ): Outcome {
    if (mode === "enter") {
      delete this.state.frame.attempts[node.id];
      if (++this.stepsWithoutWait > this.root.document.settings.maxStepsWithoutWait) {
        return {
          type: "fail",
          message: `stopped after ${this.root.document.settings.maxStepsWithoutWait} steps without waiting for the caller; the flow is looping`,
        };
      }
    }
    const ctx = new StepContext(this.flow(), node, this.state, this.at, this.commands, entry);
    const definition = steps[node.kind] as unknown as StepDefinition<typeof node.kind>;
    this.attribute(null);
    try {
      if (mode === "enter") return definition.enter(ctx as never);
      if (!definition.resume || !event)
        return { type: "fail", message: `${node.kind} does not wait for events` };
      return definition.resume(ctx as never, event);
    } catch (error) {
      const message =
        error instanceof NodeFailure
          ? error.message
          : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
      return { type: "fail", message };
    } finally {
      this.attribute(node.id);
    }
  }

  /** Acts on an outcome; returns the next node to run, or undefined when the run stops. */
  private apply(
    node: AnyCompiledNode,
    outcome: Outcome,
    entry: TraceEntry,
  ): [AnyCompiledNode, "enter" | "resume", ResumeEvent | undefined] | undefined {
    const s = this.state;
    switch (outcome.type) {
      case "wait":
        s.turn += 1;
        s.status = "waiting";
        s.waiting = {
          nodeId: node.id,
          for: outcome.for,
          requestId: outcome.requestId ?? null,
          since: this.at,
        };
        this.stepsWithoutWait = 0;
        return undefined;
      case "end":
        this.endCall(outcome.reason, false);
        return undefined;
      case "next": {
        // Retry counters only matter while a node waits.
        delete s.frame.attempts[node.id];
        entry.port = outcome.port;
        const target = this.flow().edges.get(edgeKey(node.id, outcome.port));
        if (target) return [this.flow().nodes.get(target) as AnyCompiledNode, "enter", undefined];
        return this.unconnected(node, outcome.port);
      }
      case "subflow": {
        const sub = this.flow().subflows.get(outcome.flowId) as CompiledFlow;
        s.stack.push(s.frame);
        s.frame = {
          flowId: outcome.flowId,
          nodeId: null,
          vars: { ...variableDefaults(sub), ...outcome.variables },
          nodes: {},
          attempts: {},
        };
        return [sub.nodes.get(sub.startNodeId) as AnyCompiledNode, "enter", undefined];
      }
      case "fail":
        entry.type = "error";
        return this.fail(node, outcome.message, entry);
    }
  }

  private unconnected(
    node: AnyCompiledNode,
    port: string,
  ): [AnyCompiledNode, "resume", ResumeEvent] | undefined {
    if (this.state.stack.length > 0) return this.returnFromSubflow(true, null);
    this.endCall(`"${port}" of ${node.id} is not connected`, true);
    return undefined;
  }

  private returnFromSubflow(ok: boolean, error: string | null): [AnyCompiledNode, "resume", ResumeEvent] {
    const s = this.state;
    const child = s.frame;
    s.frame = copyFrame(s.stack.pop() as Frame);
    const caller = this.flow().nodes.get(s.frame.nodeId as string) as AnyCompiledNode;
    return [caller, "resume", { type: "subflow.returned", ok, variables: child.vars, error }];
  }

  /** A node failed: its own error port, else the flow's error handler, else the calling flow, else an apology. */
  private fail(
    node: AnyCompiledNode,
    message: string,
    entry: TraceEntry,
  ): [AnyCompiledNode, "enter" | "resume", ResumeEvent | undefined] | undefined {
    const s = this.state;
    s.lastError = { message, nodeId: node.id };
    if (++this.errors > MAX_ERRORS_PER_RUN) {
      this.apologise(`too many errors in a row; last: ${message}`);
      return undefined;
    }
    this.stepsWithoutWait = 0;
    const flow = this.flow();
    if (node.errorPort) {
      entry.port = node.errorPort;
      return [
        flow.nodes.get(flow.edges.get(edgeKey(node.id, node.errorPort)) as string) as AnyCompiledNode,
        "enter",
        undefined,
      ];
    }
    const handler = flow.document.settings.onError;
    if (handler && handler !== node.id)
      return [flow.nodes.get(handler) as AnyCompiledNode, "enter", undefined];
    if (s.stack.length > 0) return this.returnFromSubflow(false, message);
    this.apologise(message);
    return undefined;
  }

  private apologise(reason: string): void {
    const texts = this.root.document.settings.apology;
    const language =
      texts[this.state.language] !== undefined ? this.state.language : this.root.document.languages.default;
    const text = texts[language] ?? Object.values(texts)[0];
    if (text) this.commands.push({ type: "say", text, language, ssml: false, loop: 1 });
    this.endCall(`error not handled by the flow: ${reason}`, true);
  }

  private endCall(reason: string, hangUp: boolean): void {
    const s = this.state;
    if (hangUp) this.commands.push({ type: "hangup", reason });
    s.status = "ended";
    s.waiting = null;
    s.endReason = reason;
    s.recording = false;
    this.note("end", `call ended: ${reason}`);
  }

  private flow(): CompiledFlow {
    const id = this.state.frame.flowId;
    return id === null ? this.root : (this.root.subflows.get(id) as CompiledFlow);
  }

  private entry(type: "enter" | "resume", node: AnyCompiledNode | null): TraceEntry {
    return {
      at: this.at,
      turn: this.state.turn,
      flowId: this.state.frame.flowId,
      nodeId: node?.id ?? null,
      kind: node?.kind ?? null,
      type,
      port: null,
      variables: {},
      reason: "",
    };
  }

  private note(type: TraceEntry["type"], reason: string): void {
    const nodeId = this.state.frame.nodeId;
    const node = nodeId ? (this.flow().nodes.get(nodeId) ?? null) : null;
    this.trace.push({ ...this.entry("enter", node), type, reason });
  }
}

function answers(waiting: NonNullable<CallState["waiting"]>, event: CallEvent): boolean {
  switch (waiting.for) {
    case "gather":
      return event.type === "gather.result" || event.type === "gather.timeout";
    case "dial":
      return event.type === "dial.result";
    case "enqueue":
      return event.type === "enqueue.result";
    case "record":
      return event.type === "record.result";
    case "http":
      return (
        (event.type === "http.response" || event.type === "http.error") &&
        event.requestId === waiting.requestId
      );
    case "sms":
      return event.type === "sms.result" && event.requestId === waiting.requestId;
  }
}
