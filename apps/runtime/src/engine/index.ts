/**
 * The flow engine: pure and deterministic, no I/O, no clock, no randomness.
 *
 *   const flow = compileFlow(document, { subflows, prompts });         // once per published version
 *   let { state, commands, trace } = startCall(flow, { callId, direction, from, to, at, accountId });
 *   ({ state, commands, trace } = step(flow, state, event));          // per webhook / ARI event
 *
 * Adapters turn `commands` into TwiML/ARI, keep `state` (plain JSON) between events, and send back events
 * carrying the `turn` of the command they answer; an event of another turn is ignored (webhook retries).
 */
export {
  compileFlow,
  FlowCompileError,
  type AnyCompiledNode,
  type CompiledFlow,
  type CompiledNode,
  type CompileOptions,
} from "./compile.ts";
export { startCall, step, type StartCallInput, type StepResult } from "./step.ts";
export { callStateSchema, frameSchema, type CallState, type Frame, type WaitKind } from "./state.ts";
export type { CallCommand, CallEvent, TraceEntry } from "@ringflow/flow-schema";
