import {
  RECORDING_COPY_JOB_OPTIONS,
  RECORDING_COPY_QUEUE,
  recordingCopyJobId,
  recordingCopyJobSchema,
  type RecordingCopyJob,
} from "@ringflow/flow-schema";
import type { Redis } from "@ringflow/platform";
import { bullProducer, closeBullProducer } from "../bull-producer.ts";

/**
 * Queues a copy again with all its retries. The id is new each time: the failed job keeps the recording's own
 * id in BullMQ's failed set for a while, and a job added under an id BullMQ holds is dropped.
 */
export async function addRecordingCopyRetry(redis: Redis, job: RecordingCopyJob, at: Date) {
  const data = recordingCopyJobSchema.parse(job);
  await bullProducer(redis, RECORDING_COPY_QUEUE, RECORDING_COPY_JOB_OPTIONS).add("copy", data, {
    jobId: `${recordingCopyJobId(data)}-retry-${at.getTime()}`,
  });
}

/** Closes the producer of this Redis (server shutdown, tests). */
export const closeRecordingCopyQueue = (redis: Redis) => closeBullProducer(redis, RECORDING_COPY_QUEUE);
