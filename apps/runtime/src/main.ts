import { fork } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { createDb } from "@ringflow/db";
import { createLogger, createRedis, serveUntilSignal } from "@ringflow/platform";
import { readRuntimeEnv } from "./env.ts";
import { buildRuntimeServer } from "./server.ts";

const env = readRuntimeEnv();
const logger = createLogger("runtime");
const db = createDb(env.DATABASE_URL);
const redis = createRedis(env.REDIS_URL, { keyPrefix: env.REDIS_KEY_PREFIX });
const app = await buildRuntimeServer({
  db,
  redis,
  logger,
  config: {
    publicUrl: env.RUNTIME_PUBLIC_URL,
    holdMusicUrl: env.HOLD_MUSIC_URL,
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    httpAllowHosts: env.HTTP_REQUEST_ALLOW_HOSTS.split(",").filter(Boolean),
    simulatorOrigins: [env.PUBLIC_URL],
    databaseUrl: env.DATABASE_URL,
    twilioApiBaseUrl: env.TWILIO_API_BASE_URL,
    signalWireApiBaseUrl: env.SIGNALWIRE_API_BASE_URL ?? null,
    telnyxApiBaseUrl: env.TELNYX_API_BASE_URL ?? null,
    providerProbeMs: env.RUNTIME_PROVIDER_PROBE_MS,
    syncQueuesOnStart: env.RUNTIME_SYNC_QUEUES_ON_START === "true",
    ...(env.RUNTIME_MEDIA_DIR ? { mediaDir: env.RUNTIME_MEDIA_DIR } : {}),
    mediaBaseUrl: env.ASTERISK_MEDIA_BASE_URL ?? null,
    mediaConcurrency: env.RUNTIME_MEDIA_CONCURRENCY,
    asterisk: env.RUNTIME_ASTERISK === "true",
    pbxAllowNetworks: env.PBX_ALLOW_NETWORKS,
  },
});

// The job workers (the execution log's writer, BullMQ jobs) run in a child process at a lower CPU priority,
// unless another process runs them (RUNTIME_WORKERS=false). Nice 5, not 10: at 10 the log writer fell behind
// at full load on 2 cores (87% of entries written); at 5 it keeps up (96-98%) and whole calls stay above half
// the baseline's rate (bench:runtime).
const workers =
  env.RUNTIME_WORKERS === "true"
    ? fork(fileURLToPath(new URL("./jobs/workers.ts", import.meta.url)), [], { stdio: "inherit" })
    : null;
if (workers?.pid) {
  try {
    os.setPriority(workers.pid, 5);
  } catch (error) {
    logger.warn({ err: error }, "could not lower the job workers' priority");
  }
}
workers?.on("exit", (code, signal) => {
  if (!stopping) logger.error({ code, signal }, "the job workers stopped");
});
let stopping = false;

const stopWorkers = () =>
  new Promise<void>((resolve) => {
    stopping = true;
    if (!workers || workers.exitCode !== null) return resolve();
    const timer = setTimeout(() => workers.kill("SIGKILL"), 10_000);
    workers.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    workers.kill("SIGTERM");
  });

await serveUntilSignal(app, { port: env.RUNTIME_PORT, host: env.HOST }, [
  stopWorkers,
  () => db.$disconnect(),
  () => redis.quit(),
]);
