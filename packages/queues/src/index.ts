export { QueueEngine } from "./queue-engine.ts";
export * from "./queue-config.ts";
export * from "./queue-result.ts";
export * from "./sync.ts";
