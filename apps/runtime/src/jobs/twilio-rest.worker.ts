import { Worker } from "bullmq";
import type { Db } from "@ringflow/db";
import type { Logger } from "@ringflow/platform";
import { twilioClientFor } from "../adapters/twilio/rest-client.ts";
import { bullConnection, bullPrefix, type QueueConfig } from "./queues.ts";
import { TWILIO_REST_QUEUE, twilioRestJobSchema, type TwilioRestJob } from "./twilio-rest.job.ts";

/** Carries out what TwiML cannot say, e.g. stopping a <Start><Recording> (Twilio's REST API, retried). */
export async function runTwilioRestJob(db: Db, job: TwilioRestJob, baseUrl: string): Promise<void> {
  switch (job.kind) {
    case "stop-recording": {
      const client = await twilioClientFor(db, job.tenantId, job.providerAccountId, baseUrl);
      await client.calls(job.callSid).recordings("Twilio.CURRENT").update({ status: "stopped" });
      return;
    }
  }
}

export function startTwilioRestWorker(
  db: Db,
  config: QueueConfig & { twilioApiBaseUrl: string },
  logger?: Logger,
): Worker<TwilioRestJob> {
  const worker = new Worker<TwilioRestJob>(
    TWILIO_REST_QUEUE,
    (job) => runTwilioRestJob(db, twilioRestJobSchema.parse(job.data), config.twilioApiBaseUrl),
    { connection: bullConnection(config), prefix: bullPrefix(config), concurrency: 4 },
  );
  worker.on("failed", (job, error) =>
    logger?.warn({ err: error, callSid: job?.data.callSid }, "Twilio REST job failed; it will be retried"),
  );
  return worker;
}
