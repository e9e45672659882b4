import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { recordingStoreFromEnv } from "@ringflow/recordings";
import { assetAudioRoutes } from "./assets/asset-audio-route.ts";
import Fastify from "fastify";
import formbody from "@fastify/formbody";
import websocket from "@fastify/websocket";
import type { Db } from "@ringflow/db";
import { OfferFeed, syncAllTenants } from "@ringflow/queues";
import {
  checkHealth,
  createLogger,
  createRedis,
  logRequests,
  ProviderHealth,
  oneLineRequestLogging,
  type Logger,
  type Redis,
} from "@ringflow/platform";
import { QueueRunner } from "./acd/queue-runner.ts";
import { queueWiring } from "./acd/queue-wiring.ts";
import { TwilioMessaging } from "./adapters/twilio/messaging.ts";
import { twilioAdapter } from "./adapters/twilio/twilio-adapter.ts";
import { twilioRoutes } from "./adapters/twilio/routes.ts";
import { asteriskWiring } from "./adapters/asterisk/asterisk-wiring.ts";
import { TwilioAccounts, twilioWebhooks } from "./adapters/twilio/signature.ts";
import { simulatorRoutes } from "./adapters/simulator/ws.ts";
import { CallSession } from "./calls/call-session.ts";
import type { CallAdapter } from "./calls/call-adapter.ts";
import { carrierRoutes } from "./adapters/carriers/carrier-wiring.ts";
import { cachedProviderConnections } from "./health/provider-connections.ts";
import { ProviderProbe } from "./health/provider-probe.ts";
import { RedisCallStore } from "./calls/call-store.ts";
import { systemClock, type Clock } from "./calls/clock.ts";
import { HttpResults } from "./calls/http-results.ts";
import { LogStream } from "./calls/log-stream.ts";
import { RoutingCache } from "./calls/routing-cache.ts";
import { FlowResolver } from "./calls/resolve-flow.ts";
import { HttpExecutor } from "./http/executor.ts";
import { RuntimeQueues } from "./jobs/queues.ts";
import { LocalAsteriskMedia } from "./media/local-media.ts";
import { MediaCache, mediaSecret } from "./media/media-cache.ts";
import { mediaRoutes } from "./media/media-route.ts";

export interface RuntimeConfig {
  /** The base URL Twilio calls (and signs): RUNTIME_PUBLIC_URL. */
  publicUrl: string;
  holdMusicUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  /** Hosts request nodes may reach although private (tests, on-premises services). */
  httpAllowHosts: string[];
  /** Request nodes answered within this time are answered inline. */
  inlineHttpMs: number;
  httpPollMs: number;
  /** Twilio's REST API (texts); tests point it at a local stand-in. */
  twilioApiBaseUrl: string;
  /** SignalWire's and Telnyx's REST APIs (queue delivery); null: the account's space, Telnyx's API. */
  signalWireApiBaseUrl: string | null;
  telnyxApiBaseUrl: string | null;
  /** The database's URL, for listening to routing changes (the call-start cache); null: no cache. */
  databaseUrl: string | null;
  /** Browser origins that may open the simulator (the builder, served by the API). */
  simulatorOrigins: string[];
  /** Run the queue engine's timers and ring its offers in this process (every runtime process does). */
  queueRunner: boolean;
  /** How often accounts marked down are probed (one process per round); 0: never (test runtimes). */
  providerProbeMs: number;
  /** Hand every tenant's queues and agents to the engine on startup (tests sync their own tenants). */
  syncQueuesOnStart: boolean;
  /** Where Asterisk's speech and converted audio are cached (RUNTIME_MEDIA_DIR). */
  mediaDir: string;
  /** The runtime's URL as Asterisk reaches it, for `sound:<url>/media/…` (ASTERISK_MEDIA_BASE_URL; publicUrl if null). */
  mediaBaseUrl: string | null;
  /** Speech and conversions made at once; the rest wait (RUNTIME_MEDIA_CONCURRENCY). */
  mediaConcurrency: number;
  /** Connect to the tenants' Asterisks (RUNTIME_ASTERISK; test runtimes connect only when they say so). */
  asterisk: boolean;
  /** PBX_ALLOW_NETWORKS: PBX addresses reachable although private, as for the API's "Test connection". */
  pbxAllowNetworks: string[];
}

export type RuntimeServerOptions = {
  db: Db;
  redis: Redis;
  logger?: Logger;
  config?: Partial<RuntimeConfig>;
  /** The call core's clock; tests pass their own. */
  clock?: Clock;
};

export function defaultRuntimeConfig(): RuntimeConfig {
  return {
    publicUrl: "http://127.0.0.1:3001",
    holdMusicUrl: "https://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3",
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    redisKeyPrefix: process.env.REDIS_KEY_PREFIX ?? "",
    httpAllowHosts: [],
    inlineHttpMs: 1500,
    httpPollMs: 2000,
    twilioApiBaseUrl: process.env.TWILIO_API_BASE_URL ?? "https://api.twilio.com",
    signalWireApiBaseUrl: null,
    telnyxApiBaseUrl: null,
    databaseUrl: null,
    simulatorOrigins: [process.env.PUBLIC_URL ?? "http://127.0.0.1:3000", "http://localhost:3000"],
    queueRunner: true,
    providerProbeMs: 15_000,
    syncQueuesOnStart: true,
    mediaDir: path.join(os.tmpdir(), "ringflow-media"),
    mediaBaseUrl: null,
    mediaConcurrency: 2,
    asterisk: false,
    pbxAllowNetworks: [],
  };
}

export async function buildRuntimeServer(options: RuntimeServerOptions) {
  const config = { ...defaultRuntimeConfig(), ...options.config };
  const logger = options.logger ?? createLogger("runtime");
  const app = Fastify({ loggerInstance: logger, ...oneLineRequestLogging() });
  logRequests(app);
  const { db, redis } = options;
  const queues = new RuntimeQueues({ redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix });
  app.addHook("onClose", () => queues.close());

  const providerHealth = new ProviderHealth(redis);
  const connections = cachedProviderConnections(db, providerHealth);
  app.get("/health", async (_request, reply) => {
    const health = await checkHealth({ database: () => db.$queryRaw`select 1`, redis });
    // A carrier having a bad minute is shown, not a reason to take this process out of service.
    const providers = health.status === "ok" ? await connections() : [];
    return reply.code(health.status === "ok" ? 200 : 503).send({ ...health, providers });
  });

  const assetStore = recordingStoreFromEnv();
  await app.register(assetAudioRoutes, { db, store: assetStore });
  // What Asterisk plays: speech and prompts as wav files it fetches from GET /media/<key>.wav.
  const media = new LocalAsteriskMedia({
    cache: new MediaCache(config.mediaDir, mediaSecret()),
    baseUrl: config.mediaBaseUrl ?? config.publicUrl,
    assets: { findAsset: (where) => db.asset.findFirst({ where }), store: assetStore },
    concurrency: config.mediaConcurrency,
    allowHosts: config.httpAllowHosts,
    redis,
  });
  await app.register(mediaRoutes, { media });
  // Files nobody asked for in a week go (made again from their recipe if asked for later).
  const pruning = setInterval(
    () =>
      void media.cache
        .prune(7 * 24 * 3600_000)
        .catch((error: unknown) => logger.warn({ err: error }, "media prune failed")),
    3600_000,
  );
  pruning.unref();
  app.addHook("onClose", () => clearInterval(pruning));

  const clock = options.clock ?? systemClock;
  const routing = new RoutingCache(config.databaseUrl, logger);
  await routing.start();
  app.addHook("onClose", () => routing.close());
  const flows = new FlowResolver(db, routing);
  const executor = new HttpExecutor({ allowHosts: config.httpAllowHosts });
  const log = new LogStream(redis, config.redisKeyPrefix);
  const {
    engine,
    urls,
    queues: queueCalls,
  } = queueWiring({
    db,
    redis,
    keyPrefix: config.redisKeyPrefix,
    clock,
    logger,
    publicUrl: config.publicUrl,
    twilioApiBaseUrl: config.twilioApiBaseUrl,
    signalWireApiBaseUrl: config.signalWireApiBaseUrl ?? undefined,
    telnyxApiBaseUrl: config.telnyxApiBaseUrl ?? undefined,
    health: providerHealth,
    pbxAllowNetworks: config.pbxAllowNetworks,
  });
  // The engine's Redis may have lost the configuration (a flush, a new deployment): Postgres has it.
  if (config.syncQueuesOnStart)
    void syncAllTenants(db, engine).catch((error: unknown) =>
      logger.warn({ err: error }, "could not hand the queues to the queue engine"),
    );
  if (config.providerProbeMs > 0) {
    const probe = new ProviderProbe({
      db,
      redis,
      health: providerHealth,
      logger,
      twilioApiBaseUrl: config.twilioApiBaseUrl,
      signalWireApiBaseUrl: config.signalWireApiBaseUrl,
      telnyxApiBaseUrl: config.telnyxApiBaseUrl,
      pbxAllowNetworks: config.pbxAllowNetworks,
    });
    probe.start(config.providerProbeMs);
    app.addHook("onClose", () => probe.stop());
  }
  if (config.queueRunner) {
    const feedRedis = createRedis(config.redisUrl, { keyPrefix: config.redisKeyPrefix });
    const runner = new QueueRunner(
      queueCalls,
      new OfferFeed(feedRedis, `runtime-${process.pid}-${randomUUID()}`),
      logger,
    );
    runner.start();
    app.addHook("onClose", () => runner.stop().then(() => feedRedis.quit()));
  }
  const sessionWith = (adapter: CallAdapter<string>) =>
    new CallSession<string>({
      store: new RedisCallStore(redis, config.redisKeyPrefix),
      adapter,
      flowOf: (call) =>
        flows.compile({
          ...call.meta,
          flowId: call.meta.flowId ?? "",
          flowVersionId: call.meta.flowVersionId ?? "",
        }),
      http: new HttpResults(redis, executor),
      clock,
      logger,
      inlineHttpMs: config.inlineHttpMs,
      httpPollMs: config.httpPollMs,
    });
  const session = sessionWith(
    twilioAdapter(
      { urls, holdMusicUrl: config.holdMusicUrl },
      queues,
      logger,
      new TwilioMessaging(db, config.twilioApiBaseUrl),
    ),
  );

  if (config.asterisk) {
    const { connections } = asteriskWiring({
      db,
      redis,
      redisKeyPrefix: config.redisKeyPrefix,
      flows,
      media,
      logger,
      http: new HttpResults(redis, executor),
      clock,
      inlineHttpMs: config.inlineHttpMs,
      httpPollMs: config.httpPollMs,
      owner: `runtime-${process.pid}-${randomUUID()}`,
      allowNetworks: config.pbxAllowNetworks,
      queues: queueCalls,
    });
    app.addHook("onReady", () => connections.start());
    app.addHook("onClose", () => connections.stop());
  }
  await app.register(async (twilio) => {
    await twilio.register(formbody);
    await twilioRoutes(twilio, {
      db,
      carrier: twilioWebhooks(new TwilioAccounts(db)),
      flows,
      session,
      log,
      clock,
      publicUrl: config.publicUrl,
      holdMusicUrl: config.holdMusicUrl,
      queues: queueCalls,
      health: providerHealth,
    });
  });
  // SignalWire and Telnyx: TwiML dialects on the same routes, each under its prefix with its signature.
  await app.register((carriers) =>
    carrierRoutes(carriers, {
      db,
      flows,
      log,
      clock,
      logger,
      publicUrl: config.publicUrl,
      holdMusicUrl: config.holdMusicUrl,
      queues: queueCalls,
      health: providerHealth,
      sessionWith,
    }),
  );
  await app.register(async (simulator) => {
    // A draft of a few thousand blocks fits; nothing larger is read into memory.
    await simulator.register(websocket, { options: { maxPayload: 4 * 1024 * 1024 } });
    await simulatorRoutes(simulator, {
      db,
      redis,
      flows,
      executor,
      log,
      allowedOrigins: config.simulatorOrigins,
    });
  });
  return app;
}
