import { Queue } from "bullmq";
import {
  CALL_CONTROL_JOB_OPTIONS,
  CALL_CONTROL_QUEUE,
  callControlJobId,
  callControlJobSchema,
  type CallControlJob,
} from "@ringflow/flow-schema";
import type { Redis } from "@ringflow/platform";

const queues = new WeakMap<Redis, { queue: Queue; connection: Redis }>();

/**
 * The call-control producer for the API's Redis: BullMQ wants a connection of its own without ioredis'
 * keyPrefix, so the prefix goes into BullMQ's (`${keyPrefix}bull`, as the runtime's workers read it).
 */
function callControlQueue(redis: Redis): Queue {
  let entry = queues.get(redis);
  if (!entry) {
    const keyPrefix = redis.options.keyPrefix ?? "";
    const connection = redis.duplicate({ keyPrefix: "", maxRetriesPerRequest: null });
    connection.on("error", () => {});
    const queue = new Queue(CALL_CONTROL_QUEUE, {
      connection,
      prefix: `${keyPrefix}bull`,
      defaultJobOptions: CALL_CONTROL_JOB_OPTIONS,
    });
    queue.on("error", () => {});
    entry = { queue, connection };
    queues.set(redis, entry);
  }
  return entry.queue;
}

/** Adds one call-control request; the same request added twice is carried out once. */
export async function addCallControlJob(redis: Redis, job: CallControlJob) {
  const data = callControlJobSchema.parse(job);
  await callControlQueue(redis).add(data.command.action, data, { jobId: callControlJobId(data) });
  return data;
}

/** Closes the producer of this Redis (server shutdown, tests). */
export async function closeCallControlQueue(redis: Redis) {
  const entry = queues.get(redis);
  if (!entry) return;
  queues.delete(redis);
  await entry.queue.close();
  await entry.connection.quit().catch(() => {});
}
