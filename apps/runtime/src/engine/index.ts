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
