import { createDb } from "@ringflow/db";
import { createLogger, createRedis, serveUntilSignal } from "@ringflow/platform";
import { readApiEnv } from "./env.ts";
import { apiConfigFromEnv } from "./config.ts";
import { buildApiServer } from "./server.ts";
import { closeCallControlQueue } from "./services/desktop/call-control-queue.ts";
import { closeRecordingCopyQueue } from "./services/recordings/recording-copy-queue.ts";
import { outboxMailer } from "./services/auth/mail-outbox.ts";
import { WebhookQueue } from "./services/webhooks/webhook-queue.ts";
import { startWebhookWorker } from "./services/webhooks/webhook-worker.ts";

const env = readApiEnv();
const logger = createLogger("api");
const db = createDb(env.DATABASE_URL);
const redis = createRedis(env.REDIS_URL);
const config = apiConfigFromEnv(env);
const bull = { redisUrl: env.REDIS_URL, keyPrefix: redis.options.keyPrefix ?? "" };
const webhooks = new WebhookQueue(bull);
const webhookWorker = startWebhookWorker({ db, redis, config, queue: webhooks }, bull, logger);
await webhooks.scheduleRecordingSweep();
// Without an outbox the server's default, the log, carries mail (see services/auth/mailer.ts).
if (env.MAIL_OUTBOX_DIR) logger.info(`mail is written to ${env.MAIL_OUTBOX_DIR} (MAIL_OUTBOX_DIR), not sent`);
const app = await buildApiServer({
  db,
  redis,
  logger,
  config,
  webhooks,
  realtime: { presenceTtlMs: env.DESKTOP_PRESENCE_MS },
  trustProxy: env.TRUST_PROXY,
  builderDist: env.BUILDER_DIST,
  ...(env.MAIL_OUTBOX_DIR ? { mailer: outboxMailer(env.MAIL_OUTBOX_DIR, logger) } : {}),
});
await serveUntilSignal(app, { port: env.API_PORT, host: env.HOST }, [
  () => webhookWorker.close(),
  () => webhooks.close(),
  () => db.$disconnect(),
  () => closeCallControlQueue(redis),
  () => closeRecordingCopyQueue(redis),
  () => redis.quit(),
]);
