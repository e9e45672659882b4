import { Redis } from "ioredis";

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** A client that fails fast instead of queueing commands forever while Redis is down. */
export function createRedis(
  url = process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
  options: { keyPrefix?: string } = {},
) {
  const client = new Redis(url, {
    keyPrefix: options.keyPrefix ?? process.env.REDIS_KEY_PREFIX ?? "",
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
  // While Redis is down every command rejects with the error, where the caller handles it (and /health says
  // so); the client reconnects by itself. Without a listener each retry would also print an "unhandled" error.
  client.on("error", () => {});
  return client;
}

export type { Redis };
