import { createDb } from "@ringflow/db";
import { createLogger, createRedis, serveUntilSignal } from "@ringflow/platform";
import { readRuntimeEnv } from "./env.ts";
import { buildRuntimeServer } from "./server.ts";

const env = readRuntimeEnv();
const logger = createLogger("runtime");
const db = createDb(env.DATABASE_URL);
const redis = createRedis(env.REDIS_URL);
const app = await buildRuntimeServer({ db, redis, logger });
await serveUntilSignal(app, { port: env.RUNTIME_PORT, host: env.HOST }, [
  () => db.$disconnect(),
  () => redis.quit(),
]);
