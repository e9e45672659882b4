import { createDb } from "@ringflow/db";
import { createLogger, createRedis } from "@ringflow/platform";
import { readApiEnv } from "./env.ts";
import { buildApiServer } from "./server.ts";

const env = readApiEnv();
const logger = createLogger("api");
const db = createDb(env.DATABASE_URL);
const redis = createRedis(env.REDIS_URL);
const app = await buildApiServer({ db, redis, logger, builderDist: env.BUILDER_DIST });
await app.listen({ port: env.API_PORT, host: env.HOST });

async function shutdown() {
  await app.close();
  await Promise.allSettled([db.$disconnect(), redis.quit()]);
  process.exit(0);
}
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
