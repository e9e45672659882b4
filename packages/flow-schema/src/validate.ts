export { validateFlow, type ValidateOptions } from "./validate/index.ts";
export type { Problem, ProblemCode } from "./validate/problem.ts";
