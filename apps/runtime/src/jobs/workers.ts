// The runtime's BullMQ workers in a child process of the runtime, at a lower CPU priority: writing the log
// (Prisma, JSON, Postgres round trips) never competes with answering Twilio. Configured by the parent's
// environment; stops on SIGTERM/SIGINT once the running jobs are done.
import { createDb } from "@ringflow/db";
import { createLogger, createRedis, ProviderHealth } from "@ringflow/platform";
import { recordingStoreFromEnv } from "@ringflow/recordings";
import { queueWiring } from "../acd/queue-wiring.ts";
import { systemClock } from "../calls/clock.ts";
import { QueueEngine } from "@ringflow/queues";
import { readRuntimeEnv } from "../env.ts";
import { startAnalyticsRollupWorker } from "./analytics-rollup.worker.ts";
import { startCallControlWorker } from "./call-control.worker.ts";
import { CallLogWorker } from "./call-log.worker.ts";
import { RuntimeQueues } from "./queues.ts";
import { recordingLimitsSchema } from "./recording-copy.job.ts";
import { startRecordingCopyWorker } from "./recording-copy.worker.ts";
import { startRecordingRetentionWorker } from "./recording-retention.worker.ts";
import { startRecordingTranscriptionWorker } from "./recording-transcription.worker.ts";
import { startTwilioRestWorker } from "./twilio-rest.worker.ts";

const env = readRuntimeEnv();
const logger = createLogger("runtime-jobs");
const db = createDb(env.DATABASE_URL, { max: 4 });
const queueConfig = { redisUrl: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX };
const logRedis = createRedis(env.REDIS_URL, { keyPrefix: "" });
const queues = new RuntimeQueues(queueConfig);
const acdRedis = createRedis(env.REDIS_URL, { keyPrefix: env.REDIS_KEY_PREFIX });
const acd = queueWiring({
  db,
  redis: acdRedis,
  keyPrefix: env.REDIS_KEY_PREFIX,
  clock: systemClock,
  logger,
  publicUrl: env.RUNTIME_PUBLIC_URL,
  twilioApiBaseUrl: env.TWILIO_API_BASE_URL,
  signalWireApiBaseUrl: env.SIGNALWIRE_API_BASE_URL,
  telnyxApiBaseUrl: env.TELNYX_API_BASE_URL,
  health: new ProviderHealth(acdRedis),
});
const callLog = new CallLogWorker(db, logRedis, {
  logger,
  keyPrefix: env.REDIS_KEY_PREFIX,
  effects: { copyRecording: (job) => queues.addRecordingCopy(job) },
});
await callLog.start();
const recordingCopy = {
  db,
  store: recordingStoreFromEnv(process.env),
  twilioApiBaseUrl: env.TWILIO_API_BASE_URL,
  telnyxApiBaseUrl: env.TELNYX_API_BASE_URL,
  signalWireApiBaseUrl: env.SIGNALWIRE_API_BASE_URL,
  pbxAllowNetworks: env.PBX_ALLOW_NETWORKS,
  limits: recordingLimitsSchema.parse({
    maxBytes: env.RECORDING_MAX_BYTES,
    maxDurationSeconds: env.RECORDING_MAX_SECONDS,
  }),
  transcribe: (job: { tenantId: string; recordingId: string }) => queues.addRecordingTranscription(job),
};
// Reads the queue engine's event streams for analytics (the deployment's prefix, like the runtime's engine).
const analyticsRedis = createRedis(env.REDIS_URL, { keyPrefix: env.REDIS_KEY_PREFIX });
const workers = [
  await startAnalyticsRollupWorker(
    { db, engine: new QueueEngine(analyticsRedis, Date.now) },
    queueConfig,
    logger,
  ),
  { close: () => analyticsRedis.quit() },
  { close: () => callLog.stop().then(() => Promise.all([logRedis.quit(), queues.close()])) },
  startTwilioRestWorker(db, { ...queueConfig, twilioApiBaseUrl: env.TWILIO_API_BASE_URL }, logger),
  startCallControlWorker(
    {
      db,
      calls: acd.calls,
      queues: acd.queues,
      urls: acd.urls,
      holdMusicUrl: env.HOLD_MUSIC_URL,
      twilioApiBaseUrl: env.TWILIO_API_BASE_URL,
      dialectRest: acd.dialectRest,
      clock: systemClock,
      pbxAllowNetworks: env.PBX_ALLOW_NETWORKS,
      logger,
    },
    queueConfig,
    logger,
  ),
  { close: () => acdRedis.quit() },
  startRecordingCopyWorker(recordingCopy, queueConfig, logger),
  await startRecordingRetentionWorker({ db, store: recordingCopy.store }, queueConfig, logger),
  startRecordingTranscriptionWorker(
    {
      db,
      store: recordingCopy.store,
      twilioApiBaseUrl: env.TWILIO_API_BASE_URL,
      cloudBaseUrl: env.TRANSCRIPTION_CLOUD_URL,
      // Twilio's recording was kept for its transcription; the copy job deletes it now if the tenant wants.
      afterTwilioTranscript: (job) => queues.addRecordingCopy(job, true),
    },
    queueConfig,
    logger,
  ),
];

const stop = () =>
  void Promise.allSettled(workers.map((w) => w.close()))
    .then(() => db.$disconnect())
    .finally(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
// The runtime went away without stopping us: stop too.
process.on("disconnect", stop);
