import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "@ringflow/platform";

const producers = new WeakMap<Redis, Map<string, { queue: Queue; connection: Redis }>>();

/**
 * A producer of one of the runtime's BullMQ queues for the API's Redis: BullMQ wants a connection of its own
 * without ioredis' keyPrefix, so the prefix goes into BullMQ's (`${keyPrefix}bull`, as the runtime's workers
 * read it). One per Redis and queue, made on first use.
 */
export function bullProducer(redis: Redis, name: string, defaultJobOptions: JobsOptions): Queue {
  let byName = producers.get(redis);
  if (!byName) producers.set(redis, (byName = new Map()));
  let entry = byName.get(name);
  if (!entry) {
    const connection = redis.duplicate({ keyPrefix: "", maxRetriesPerRequest: null });
    connection.on("error", () => {});
    const queue = new Queue(name, {
      connection,
      prefix: `${redis.options.keyPrefix ?? ""}bull`,
      defaultJobOptions,
    });
    queue.on("error", () => {});
    entry = { queue, connection };
    byName.set(name, entry);
  }
  return entry.queue;
}

/** Closes the producer of this Redis and queue (server shutdown, tests). */
export async function closeBullProducer(redis: Redis, name: string) {
  const entry = producers.get(redis)?.get(name);
  if (!entry) return;
  producers.get(redis)?.delete(name);
  await entry.queue.close();
  await entry.connection.quit().catch(() => {});
}
