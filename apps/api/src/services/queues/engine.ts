import { QueueEngine } from "@ringflow/queues";
import type { Redis } from "@ringflow/platform";

const engines = new WeakMap<Redis, QueueEngine>();

/** One engine per Redis connection (it defines its scripts on the connection once). */
export function queueEngine(redis: Redis): QueueEngine {
  let engine = engines.get(redis);
  if (!engine) {
    engine = new QueueEngine(redis, () => Date.now());
    engines.set(redis, engine);
  }
  return engine;
}
