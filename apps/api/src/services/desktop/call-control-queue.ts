import {
  CALL_CONTROL_JOB_OPTIONS,
  CALL_CONTROL_QUEUE,
  callControlJobId,
  callControlJobSchema,
  type CallControlJob,
} from "@ringflow/flow-schema";
import type { Redis } from "@ringflow/platform";
import { bullProducer, closeBullProducer } from "../bull-producer.ts";

/** Adds one call-control request; the same request added twice is carried out once. */
export async function addCallControlJob(redis: Redis, job: CallControlJob) {
  const data = callControlJobSchema.parse(job);
  await bullProducer(redis, CALL_CONTROL_QUEUE, CALL_CONTROL_JOB_OPTIONS).add(data.command.action, data, {
    jobId: callControlJobId(data),
  });
  return data;
}

/** Closes the producer of this Redis (server shutdown, tests). */
export const closeCallControlQueue = (redis: Redis) => closeBullProducer(redis, CALL_CONTROL_QUEUE);
