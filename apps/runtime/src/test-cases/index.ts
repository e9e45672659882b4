/**
 * Test cases played on the runtime's call core, for the API (saving, running, publishing) and the CLI: the
 * same code as the builder's test call, in the caller's process (exported as `@ringflow/runtime/test-cases`).
 */
export { playTestCase, runTestCase, type PlayOptions } from "./run-test-case.ts";
export { FlowResolver, FlowNotFoundError } from "../calls/resolve-flow.ts";
export { FlowCompileError, type CompiledFlow } from "../engine/index.ts";
