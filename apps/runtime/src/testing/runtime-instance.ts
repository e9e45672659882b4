import { createDb, type Db } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createRedis, type Redis } from "@ringflow/platform";
import { buildRuntimeServer, type RuntimeConfig } from "../server.ts";

export interface RuntimeInstance {
  url: string;
  db: Db;
  redis: Redis;
  close(): Promise<void>;
}

/** A real runtime server on a free port, with its own database pool and Redis client (one "process"). */
export async function startRuntime(config: Partial<RuntimeConfig>): Promise<RuntimeInstance> {
  const db = createDb(testDatabaseUrl(), { max: 3 });
  const redis = createRedis();
  const app = await buildRuntimeServer({ db, redis, config });
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
