import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify from "fastify";
import type { FlowDocument } from "@ringflow/flow-schema";
import { createDb, sealCredentials, type Db } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createLogger, createRedis, type Redis } from "@ringflow/platform";
import { recordingStoreFromEnv } from "@ringflow/recordings";
import { OfferFeed, type QueueEngine } from "@ringflow/queues";
import { QueueRunner } from "../acd/queue-runner.ts";
import { queueWiring } from "../acd/queue-wiring.ts";
import { asteriskWiring } from "../adapters/asterisk/asterisk-wiring.ts";
import type { AsteriskConnections } from "../adapters/asterisk/connections.ts";
import { HttpResults } from "../calls/http-results.ts";
import { FlowResolver } from "../calls/resolve-flow.ts";
import { RoutingCache } from "../calls/routing-cache.ts";
import { HttpExecutor } from "../http/executor.ts";
import type { AsteriskMedia } from "../media/asterisk-media.ts";
import { LocalAsteriskMedia } from "../media/local-media.ts";
import { MediaCache, mediaSecret } from "../media/media-cache.ts";
import { mediaRoutes } from "../media/media-route.ts";
import { publishFlow } from "./seed.ts";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

export interface AsteriskTenant {
  tenantId: string;
  providerAccountId: string;
  applicationName: string;
  extension: string;
  flowId: string;
  versionId: string;
}

/** A tenant with an Asterisk provider account (sealed ARI credentials) and an extension bound to `document`. */
export async function seedAsteriskTenant(
  db: Db,
  ari: { url: string; username: string; password: string; applicationName: string },
  document: FlowDocument,
  extension = `7${String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0")}`,
): Promise<AsteriskTenant> {
  const tenant = await db.tenant.create({ data: { name: "Asterisk test", slug: `ast-${hex(6)}` } });
  const tenantId = tenant.id;
  const provider = await db.providerAccount.create({
    data: {
      tenantId,
      kind: "ASTERISK",
      name: "Test PBX",
      // Unique per test tenant: several test tenants use the same application name on one Asterisk.
      externalId: `${ari.applicationName}:${hex(6)}`,
      ...sealCredentials(tenantId, "ASTERISK", {
        ariUrl: ari.url,
        username: ari.username,
        password: ari.password,
        applicationName: ari.applicationName,
      }),
    },
  });
  const { flowId, versionId } = await publishFlow(db, tenantId, document);
  const phone = await db.phoneNumber.create({
    data: { tenantId, providerAccountId: provider.id, e164: extension },
  });
  await db.numberBinding.create({ data: { tenantId, phoneNumberId: phone.id, flowId } });
  return {
    tenantId,
    providerAccountId: provider.id,
    applicationName: ari.applicationName,
    extension,
    flowId,
    versionId,
  };
}

export type SpokenMedia = AsteriskMedia & { said(uri: string): string | undefined; close(): Promise<void> };

/**
 * Real media (espeak-ng, the disk cache, the runtime's media route on a free port, which the fake Asterisk
 * fetches from as Asterisk's HTTP media cache does) that remembers what each URI says, so tests read what
 * callers heard from the ARI requests.
 */
export async function spokenMedia(db: Db): Promise<SpokenMedia> {
  const app = Fastify();
  // The routes need the media, and the media needs the routes' port.
  const made: { media?: LocalAsteriskMedia } = {};
  await app.register(mediaRoutes, {
    media: { fileFor: (key: string) => made.media!.fileFor(key) },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as AddressInfo).port;
  const local = new LocalAsteriskMedia({
    cache: new MediaCache(path.join(tmpdir(), "ringflow-media-ari-tests"), mediaSecret()),
    baseUrl: `http://127.0.0.1:${port}`,
    assets: { findAsset: (where) => db.asset.findFirst({ where }), store: recordingStoreFromEnv() },
  });
  made.media = local;
  const texts = new Map<string, string>();
  return {
    speech: async (input) => {
      const uri = await local.speech(input);
      texts.set(uri, input.text);
      return uri;
    },
    audio: async (input) => {
      const uri = await local.audio(input);
      texts.set(uri, input.url);
      return uri;
    },
    holdClass: () => local.holdClass(),
    said: (uri) => texts.get(uri),
    close: () => app.close(),
  };
}

export interface AsteriskProcess {
  owner: string;
  connections: AsteriskConnections;
  redis: Redis;
  /** The queue engine under the process's prefix. */
  engine: QueueEngine;
  /** Stops as a killed process does: sockets cut, the lease left to expire. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One runtime process's Asterisk side (the same wiring as the server's), with its own database pool and
 * Redis client, connecting only to the given tenants' accounts.
 */
export async function startAsteriskProcess(options: {
  redisKeyPrefix: string;
  tenantIds: string[];
  leaseMs?: number;
  httpAllowHosts?: string[];
  /** PBX networks the process may connect to (loopback by default). */
  allowNetworks?: string[];
  /** Run the queue engine's runner here too (Enqueue blocks; agents rung through the PBX). */
  queues?: boolean;
  /** The processes' shared media (spokenMedia). */
  media: AsteriskMedia;
  /** Call starts look numbers and versions up through the server's routing cache (as a server does). */
  routingCache?: boolean;
}): Promise<AsteriskProcess> {
  const db = createDb(testDatabaseUrl(), { max: 3 });
  const routing = options.routingCache ? new RoutingCache(testDatabaseUrl()) : undefined;
  await routing?.start();
  const redis = createRedis(undefined, { keyPrefix: options.redisKeyPrefix });
  const owner = `test-${hex(4)}`;
  const logger = createLogger("runtime-asterisk-test");
  const acd = queueWiring({
    db,
    redis,
    keyPrefix: options.redisKeyPrefix,
    clock: Date.now,
    logger,
    publicUrl: "http://127.0.0.1:9",
    twilioApiBaseUrl: "http://127.0.0.1:9",
    pbxAllowNetworks: options.allowNetworks ?? ["127.0.0.1"],
  });
  const feedRedis = options.queues ? createRedis(undefined, { keyPrefix: options.redisKeyPrefix }) : null;
  const runner = feedRedis ? new QueueRunner(acd.queues, new OfferFeed(feedRedis, owner), logger, 200) : null;
  runner?.start();
  const { connections } = asteriskWiring({
    db,
    redis,
    redisKeyPrefix: options.redisKeyPrefix,
    flows: new FlowResolver(db, routing),
    media: options.media,
    logger,
    http: new HttpResults(redis, new HttpExecutor({ allowHosts: options.httpAllowHosts ?? [] })),
    clock: Date.now,
    inlineHttpMs: 500,
    httpPollMs: 300,
    owner,
    allowNetworks: options.allowNetworks ?? ["127.0.0.1"],
    leaseMs: options.leaseMs ?? 1500,
    retryMs: { first: 100, max: 1000 },
    tenantIds: options.tenantIds,
    queues: acd.queues,
  });
  await connections.start();
  let closed = false;
  const shut = async (kill: boolean) => {
    if (closed) return;
    closed = true;
    if (kill) connections.halt();
    else await connections.stop();
    await runner?.stop();
    await feedRedis?.quit();
    await routing?.close();
    await db.$disconnect();
    await redis.quit();
  };
  return {
    owner,
    connections,
    redis,
    engine: acd.engine,
    kill: () => shut(true),
    close: () => shut(false),
  };
}
