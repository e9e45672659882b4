import { existsSync } from "node:fs";
import fastifyStatic from "@fastify/static";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import Fastify from "fastify";
import { checkHealth, type Logger } from "@ringflow/platform";
import { apiConfigFromEnv, type ApiConfig } from "./config.ts";
import { createRequestContext, type InnerContext } from "./context.ts";
import { appRouter, type AppRouter } from "./routers/_app.ts";

export type ApiServerOptions = Pick<InnerContext, "db" | "redis"> & {
  config?: ApiConfig;
  trustProxy?: boolean | string;
  builderDist?: string;
  logger?: Logger;
};

export async function buildApiServer(options: ApiServerOptions) {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: 5 * 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
  });
  const inner = {
    db: options.db,
    redis: options.redis,
    config: options.config ?? apiConfigFromEnv({ HOST: "127.0.0.1", API_PORT: 3000, RUNTIME_PORT: 3001 }),
  };

  app.get("/health", async (_request, reply) => {
    const health = await checkHealth({ database: () => inner.db.$queryRaw`select 1`, redis: inner.redis });
    return reply.code(health.status === "ok" ? 200 : 503).send(health);
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: (options) => createRequestContext(inner, options),
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") app.log.error({ err: error, path }, "procedure failed");
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });

  if (options.builderDist && existsSync(options.builderDist)) {
    await app.register(fastifyStatic, { root: options.builderDist, wildcard: false });
    // Client-side routes all load the builder's index.html.
    app.setNotFoundHandler((request, reply) =>
      request.method === "GET" && !request.url.startsWith("/trpc")
        ? reply.sendFile("index.html")
        : reply.code(404).send({ error: "Not found" }),
    );
  }
  return app;
}
