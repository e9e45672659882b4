import { Redis } from "ioredis";

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** A client that fails fast instead of queueing commands forever while Redis is down. */
export function createRedis(
  url = process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
  options: { keyPrefix?: string } = {},
) {
  return new Redis(url, {
    keyPrefix: options.keyPrefix ?? process.env.REDIS_KEY_PREFIX ?? "",
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
}

export type { Redis };
