import type { Redis } from "@ringflow/platform";

export interface Limit {
  key: string;
  max: number;
  windowSeconds: number;
}

/**
 * Counts one attempt against each limit (fixed windows in Redis). Returns how long to wait when any of
 * them is exceeded, else null.
 */
export async function consume(redis: Redis, limits: Limit[]): Promise<number | null> {
  const pipeline = redis.multi();
  for (const limit of limits) {
    pipeline.incr(limit.key);
    pipeline.expire(limit.key, limit.windowSeconds, "NX");
    pipeline.ttl(limit.key);
  }
  const results = (await pipeline.exec()) ?? [];
  let wait: number | null = null;
  limits.forEach((limit, i) => {
    const count = Number(results[i * 3]?.[1]);
    const ttl = Number(results[i * 3 + 2]?.[1]);
    if (count > limit.max) wait = Math.max(wait ?? 0, ttl > 0 ? ttl : limit.windowSeconds);
  });
  return wait;
}

export async function reset(redis: Redis, key: string) {
  await redis.del(key);
}
