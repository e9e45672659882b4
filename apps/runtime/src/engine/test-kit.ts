import {
  nodeCatalog,
  portsOf,
  type CallCommand,
  type CallEvent,
  type FlowDocument,
  type NodeKind,
  type ParamsInputOf,
  type TraceEntry,
} from "@ringflow/flow-schema";
import { buildFlow, type FlowSpec } from "@ringflow/flow-schema/testing";
import { compileFlow, type CompileOptions } from "./compile.ts";
import type { CallState } from "./state.ts";
import { startCall, step, type StartCallInput, type StepResult } from "./step.ts";

/** 2026-03-02 15:00:00 UTC, a Monday (10:00 in New York). */
export const T0 = Date.UTC(2026, 2, 2, 15, 0, 0);

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ScriptedEvent = DistributiveOmit<CallEvent, "turn" | "at"> & { turn?: number; at?: number };

/** A call on a flow for golden tests: start it, send events (turn and clock filled in), read what came out. */
export function testCall(
  doc: FlowDocument,
  options: CompileOptions & { call?: Partial<StartCallInput> } = {},
) {
  const flow = compileFlow(doc, options);
  let clock = options.call?.at ?? T0;
  let last: StepResult = startCall(flow, {
    callId: "CA1",
    direction: "inbound",
    from: "+14155550100",
    to: "+18005550199",
    at: clock,
    ...options.call,
  });
  return {
    flow,
    get state(): CallState {
      return last.state;
    },
    get commands(): CallCommand[] {
      return last.commands;
    },
    get trace(): TraceEntry[] {
      return last.trace;
    },
    /** Sends an event for the current turn, one second after the previous one. */
    send(event: ScriptedEvent): StepResult {
      clock = event.at ?? clock + 1000;
      last = step(flow, last.state, { turn: last.state.turn, ...event, at: clock } as CallEvent);
      return last;
    },
  };
}

/** The trace as one readable line per entry: `node kind type port: reason`. */
export function traceLines(trace: TraceEntry[]): string[] {
  return trace.map((t) => `${t.nodeId ?? "-"} ${t.type}${t.port ? ` -> ${t.port}` : ""}: ${t.reason}`);
}

/** Command types in order, for a quick look at what an adapter would do. */
export const commandTypes = (commands: CallCommand[]) => commands.map((c) => c.type);

/**
 * Start -> one node of `kind` -> for every port, a hangup whose reason names the port ("via noInput"), so the
 * last command of a run says which port was taken.
 */
export function single<K extends NodeKind>(
  kind: K,
  params?: ParamsInputOf<K>,
  extra: Omit<FlowSpec, "nodes" | "edges"> & { nodes?: FlowSpec["nodes"]; edges?: FlowSpec["edges"] } = {},
): FlowDocument {
  const nodeParams = (params ?? nodeCatalog[kind].initialParams) as Record<string, unknown>;
  const ports = portsOf({ kind, params: nodeParams });
  const nodes: FlowSpec["nodes"] = {
    start: ["start", { accepts: ["inbound", "outbound"] }],
    node: [kind, params] as never,
    ...extra.nodes,
  };
  const edges: FlowSpec["edges"] = [
    ["start", "inbound", "node"],
    ["start", "outbound", "node"],
    ...(extra.edges ?? []),
  ];
  for (const port of ports) {
    if (edges.some(([source, p]) => source === "node" && p === port.id)) continue;
    nodes[`to_${port.id}`] = ["hangup", { reason: `via ${port.id}` }];
    edges.push(["node", port.id, `to_${port.id}`]);
  }
  return buildFlow({ ...extra, nodes, edges });
}

/** The reason of the final hangup, i.e. which port the node left by in a `single` flow. */
export const exitVia = (commands: CallCommand[]): string | undefined => {
  const last = commands[commands.length - 1];
  return last?.type === "hangup" ? last.reason : undefined;
};

/** A say command as the engine emits it for prompts (en-US, plain text, once). */
export const said = (text: string, language = "en-US") => ({
  type: "say" as const,
  text,
  language,
  ssml: false,
  loop: 1,
});

/** What callers hear when an error reaches no handler. */
export const APOLOGY = said("Sorry, something went wrong. Please call again later. Goodbye.");
