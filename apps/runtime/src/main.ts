import { createDb } from "@ringflow/db";
import { createLogger, createRedis, serveUntilSignal } from "@ringflow/platform";
import { readRuntimeEnv } from "./env.ts";
import { startCallLogWorker } from "./jobs/call-log.worker.ts";
import { startTwilioRestWorker } from "./jobs/twilio-rest.worker.ts";
import { buildRuntimeServer } from "./server.ts";

const env = readRuntimeEnv();
const logger = createLogger("runtime");
const db = createDb(env.DATABASE_URL);
const redis = createRedis(env.REDIS_URL, { keyPrefix: env.REDIS_KEY_PREFIX });
const queueConfig = { redisUrl: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX };
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
  },
});
// The workers write what the webhooks queued; they run here unless another process runs them.
const workers =
  env.RUNTIME_WORKERS === "true"
    ? [
        startCallLogWorker(db, queueConfig, logger),
        startTwilioRestWorker(db, { ...queueConfig, twilioApiBaseUrl: env.TWILIO_API_BASE_URL }, logger),
      ]
    : [];
await serveUntilSignal(app, { port: env.RUNTIME_PORT, host: env.HOST }, [
  () => Promise.all(workers.map((w) => w.close())),
  () => db.$disconnect(),
  () => redis.quit(),
]);
