// The runtime's BullMQ workers in a child process of the runtime, at a lower CPU priority: writing the log
// (Prisma, JSON, Postgres round trips) never competes with answering Twilio. Configured by the parent's
// environment; stops on SIGTERM/SIGINT once the running jobs are done.
import { createDb } from "@ringflow/db";
import { createLogger, createRedis } from "@ringflow/platform";
import { readRuntimeEnv } from "../env.ts";
import { CallLogWorker } from "./call-log.worker.ts";
import { startTwilioRestWorker } from "./twilio-rest.worker.ts";

const env = readRuntimeEnv();
const logger = createLogger("runtime-jobs");
const db = createDb(env.DATABASE_URL, { max: 4 });
const queueConfig = { redisUrl: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX };
const logRedis = createRedis(env.REDIS_URL, { keyPrefix: "" });
const callLog = new CallLogWorker(db, logRedis, { logger, keyPrefix: env.REDIS_KEY_PREFIX });
await callLog.start();
const workers = [
  { close: () => callLog.stop().then(() => logRedis.quit()) },
  startTwilioRestWorker(db, { ...queueConfig, twilioApiBaseUrl: env.TWILIO_API_BASE_URL }, logger),
];

const stop = () =>
  void Promise.allSettled(workers.map((w) => w.close()))
    .then(() => db.$disconnect())
    .finally(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
// The runtime went away without stopping us: stop too.
process.on("disconnect", stop);
