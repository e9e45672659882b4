import { createDb, type Db } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createRedis, type Logger, type Redis } from "@ringflow/platform";
import { CallLogWorker } from "../jobs/call-log.worker.ts";
import { buildRuntimeServer, type RuntimeConfig } from "../server.ts";

export interface RuntimeInstance {
  url: string;
  db: Db;
  redis: Redis;
  close(): Promise<void>;
}

/**
 * A real runtime server on a free port, with its own database pool and Redis client (one "process").
 * `config.redisKeyPrefix` keeps its keys apart from other test files' runtimes (their queue runners).
 */
export async function startRuntime(
  config: Partial<RuntimeConfig>,
  options: { logger?: Logger } = {},
): Promise<RuntimeInstance> {
  const db = createDb(testDatabaseUrl(), { max: 3 });
  const redis = createRedis(
    undefined,
    config.redisKeyPrefix !== undefined ? { keyPrefix: config.redisKeyPrefix } : {},
  );
  const app = await buildRuntimeServer({
    db,
    redis,
    // No probe rounds: a shared test Redis holds other files' down accounts, with their fake carriers' URLs.
    config: { databaseUrl: testDatabaseUrl(), syncQueuesOnStart: false, providerProbeMs: 0, ...config },
    ...(options.logger ? { logger: options.logger } : {}),
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    redis,
    async close() {
      await app.close();
      await db.$disconnect();
      await redis.quit();
    },
  };
}

/** The execution log's writer, as the runtime's job process runs it (a Redis connection of its own). */
export async function startLogWriter(
  db: Db,
  keyPrefix = process.env.REDIS_KEY_PREFIX ?? "",
  logger?: Logger,
): Promise<{ close(): Promise<void> }> {
  const redis = createRedis(undefined, { keyPrefix: "" });
  const worker = new CallLogWorker(db, redis, {
    reclaimIdleMs: 2000,
    keyPrefix,
    ...(logger ? { logger } : {}),
  });
  await worker.start();
  return {
    async close() {
      await worker.stop();
      await redis.quit();
    },
  };
}
