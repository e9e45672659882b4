import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import fastifyHelmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import fastifyWebsocket from "@fastify/websocket";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import Fastify from "fastify";
import { deploymentAdminsFromEnv } from "@ringflow/access";
import { checkHealth, logRequests, oneLineRequestLogging, type Logger } from "@ringflow/platform";
import { recordingStoreFromEnv, type ObjectStore } from "@ringflow/recordings";
import { apiConfigFromEnv, type ApiConfig } from "./config.ts";
import { createRequestContext, type InnerContext } from "./context.ts";
import { concealInternalError, internalErrorMessage } from "./errors.ts";
import { realtimeRoutes, type RealtimeDeps } from "./realtime/realtime-route.ts";
import { appRouter, type AppRouter } from "./routers/_app.ts";
import { jobsBoardRoutes } from "./routes/jobs-board.ts";
import { assetAudioRoutes } from "./routes/asset-audio.ts";
import { phoneSoundRoutes } from "./routes/phone-sounds.ts";
import { recordingAudioRoutes } from "./routes/recording-audio.ts";
import { securityHeaders } from "./security-headers.ts";
import { assetStore } from "./services/assets/assets.ts";
import { logMailer, type Mailer } from "./services/auth/mailer.ts";

export type ApiServerOptions = Pick<InnerContext, "db" | "redis"> & {
  config?: ApiConfig;
  trustProxy?: boolean | string;
  builderDist?: string;
  logger?: Logger;
  /** Sends sign-up confirmations; without one they are written to the log (development). */
  mailer?: Mailer;
  /** Where recordings are stored (encrypted); from RECORDINGS_STORE/RECORDINGS_DIR/RECORDINGS_S3_* by default. */
  recordingStore?: ObjectStore;
  /** Who may open the jobs view (/admin/jobs); from RINGFLOW_DEPLOYMENT_ADMINS by default. */
  deploymentAdmins?: ReadonlySet<string>;
  /** The desktop feed's backlog and call lifetime (tests and benches shorten them). */
  realtime?: RealtimeDeps["feed"];
  /** Where webhooks are reported (main.ts makes one); without one none are sent. */
  webhooks?: RealtimeDeps["webhooks"];
};

export async function buildApiServer(options: ApiServerOptions) {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: 5 * 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    ...oneLineRequestLogging(),
  });
  // Health probes and the builder's files (everything outside /trpc but the health procedure) at debug.
  logRequests(app, {
    quiet: (path) => path === "/health" || path === "/trpc/system.health" || !path.startsWith("/trpc/"),
  });
  const inner = {
    db: options.db,
    redis: options.redis,
    config: options.config ?? apiConfigFromEnv({ HOST: "127.0.0.1", API_PORT: 3000, RUNTIME_PORT: 3001 }),
    mailer: options.mailer ?? logMailer(app.log),
  };

  await app.register(fastifyHelmet, securityHeaders(inner.config));

  // Errors outside tRPC (a body Fastify cannot parse, a bug in a route): no internals in the answer either.
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) return reply.code(status).send({ error: error.message });
    const reference = randomUUID();
    request.log.error({ err: error, reference }, "request failed");
    return reply.code(500).send({ error: internalErrorMessage(reference) });
  });

  app.get("/health", async (_request, reply) => {
    const health = await checkHealth({
      database: () => inner.db.$queryRaw`select 1`,
      redis: inner.redis,
      onFailure: (component, err) => app.log.warn({ err, component }, "health check failed"),
    });
    return reply.code(health.status === "ok" ? 200 : 503).send(health);
  });

  await app.register(recordingAudioRoutes, {
    db: inner.db,
    store: options.recordingStore ?? recordingStoreFromEnv(),
  });
  await app.register(assetAudioRoutes, {
    db: inner.db,
    store: options.recordingStore ?? assetStore(),
  });

  // The browser phone's tones, from here: the page loads no audio from Twilio's host.
  await app.register(phoneSoundRoutes);

  await app.register(jobsBoardRoutes, {
    db: inner.db,
    redis: inner.redis,
    admins: options.deploymentAdmins ?? deploymentAdminsFromEnv(),
    publicOrigin: new URL(inner.config.publicUrl).origin,
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(realtimeRoutes, {
    db: inner.db,
    redis: inner.redis,
    allowedOrigins: [new URL(inner.config.publicUrl).origin],
    ...(options.realtime ? { feed: options.realtime } : {}),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: (options) => createRequestContext(inner, options),
      // Runs before the answer is built from the same error: the log gets the error, the answer a reference.
      onError: ({ error, path }) =>
        concealInternalError(error, (fields, message) => app.log.error({ ...fields, path }, message)),
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
