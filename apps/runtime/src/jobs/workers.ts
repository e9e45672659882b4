// The runtime's BullMQ workers in their own thread: the log writing (Prisma, JSON) never stalls the event loop
// that answers Twilio. Started by main.ts; stops on a "stop" message.
import { parentPort, workerData } from "node:worker_threads";
import { createDb } from "@ringflow/db";
import { createLogger } from "@ringflow/platform";
import { startCallLogWorker } from "./call-log.worker.ts";
import { startTwilioRestWorker } from "./twilio-rest.worker.ts";

export interface WorkersConfig {
  databaseUrl: string;
  redisUrl: string;
  keyPrefix: string;
  twilioApiBaseUrl: string;
}

const config = workerData as WorkersConfig;
const logger = createLogger("runtime-jobs");
const db = createDb(config.databaseUrl, { max: 4 });
const queueConfig = { redisUrl: config.redisUrl, keyPrefix: config.keyPrefix };
const workers = [
  startCallLogWorker(db, queueConfig, logger),
  startTwilioRestWorker(db, { ...queueConfig, twilioApiBaseUrl: config.twilioApiBaseUrl }, logger),
];

parentPort?.on("message", (message) => {
  if (message !== "stop") return;
  void Promise.allSettled(workers.map((w) => w.close()))
    .then(() => db.$disconnect())
    .finally(() => parentPort?.postMessage("stopped"));
});
