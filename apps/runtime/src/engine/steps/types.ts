import type { CallEvent, NodeKind } from "@ringflow/flow-schema";
import type { StepContext } from "../context.ts";
import type { Json, WaitKind } from "../state.ts";

/** Sent to a subflow node when its subflow finishes (ok) or fails with nothing to handle it. */
export interface SubflowReturn {
  type: "subflow.returned";
  ok: boolean;
  variables: Record<string, Json>;
  error: string | null;
}

export type ResumeEvent = CallEvent | SubflowReturn;

/** What a node decided; the engine acts on it. `reason` is the trace line. */
export type Outcome =
  | { type: "next"; port: string; reason: string }
  | { type: "wait"; for: WaitKind; requestId?: string; reason: string }
  | { type: "end"; reason: string }
  | { type: "fail"; message: string }
  | { type: "subflow"; flowId: string; variables: Record<string, Json>; reason: string };

export interface StepDefinition<K extends NodeKind> {
  /** The node is entered. */
  enter(ctx: StepContext<K>): Outcome;
  /** An event arrives while the node waits (or its subflow returns). Nodes that never wait omit it. */
  resume?(ctx: StepContext<K>, event: ResumeEvent): Outcome;
}

export const next = (port: string, reason: string): Outcome => ({ type: "next", port, reason });
export const fail = (message: string): Outcome => ({ type: "fail", message });
