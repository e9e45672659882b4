export { createLogger, type Logger } from "./logger.ts";
export { createRedis, DEFAULT_REDIS_URL, type Redis } from "./redis.ts";
export { checkHealth, type Health } from "./health.ts";
export { readEnv } from "./env.ts";
export { serveUntilSignal } from "./serve.ts";
export * from "./net/index.ts";
