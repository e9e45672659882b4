import Fastify from "fastify";
import type { Db } from "@ringflow/db";
import { checkHealth, type Logger, type Redis } from "@ringflow/platform";

export type RuntimeServerOptions = { db: Db; redis: Redis; logger?: Logger };

export async function buildRuntimeServer(options: RuntimeServerOptions) {
  const app = Fastify({ loggerInstance: options.logger });
  app.get("/health", async (_request, reply) => {
    const health = await checkHealth({
      database: () => options.db.$queryRaw`select 1`,
      redis: options.redis,
    });
    return reply.code(health.status === "ok" ? 200 : 503).send(health);
  });
  return app;
}
