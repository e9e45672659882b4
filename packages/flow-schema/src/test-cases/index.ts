export * from "./test-case.ts";
export * from "./from-log.ts";
export * from "./observe.ts";
export * from "./compare.ts";
