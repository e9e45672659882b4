import { createDb } from "@ringflow/db";
import { createLogger, createRedis, serveUntilSignal } from "@ringflow/platform";
import { readApiEnv } from "./env.ts";
import { apiConfigFromEnv } from "./config.ts";
import { buildApiServer } from "./server.ts";

const env = readApiEnv();
const logger = createLogger("api");
const db = createDb(env.DATABASE_URL);
const redis = createRedis(env.REDIS_URL);
const app = await buildApiServer({
  db,
  redis,
  logger,
  config: apiConfigFromEnv(env),
  trustProxy: env.TRUST_PROXY,
  builderDist: env.BUILDER_DIST,
});
await serveUntilSignal(app, { port: env.API_PORT, host: env.HOST }, [
  () => db.$disconnect(),
  () => redis.quit(),
]);
