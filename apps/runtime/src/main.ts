import { createDb } from "@ringflow/db";
import { createLogger, createRedis } from "@ringflow/platform";
import { readRuntimeEnv } from "./env.ts";
import { buildRuntimeServer } from "./server.ts";

const env = readRuntimeEnv();
const logger = createLogger("runtime");
const db = createDb(env.DATABASE_URL);
const redis = createRedis(env.REDIS_URL);
const app = await buildRuntimeServer({ db, redis, logger });
await app.listen({ port: env.RUNTIME_PORT, host: env.HOST });

async function shutdown() {
  await app.close();
  await Promise.allSettled([db.$disconnect(), redis.quit()]);
  process.exit(0);
}
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
