import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { DEFAULT_REDIS_URL } from "@ringflow/platform";

export type RedisService = { url: string; stop: () => Promise<void>; started: boolean };

export class ServiceError extends Error {
  override name = "ServiceError";
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new ServiceError(`redis-server exited with code ${child.exitCode}`);
    if (await answers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new ServiceError(`redis-server did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/**
 * REDIS_URL when set; else Redis on 127.0.0.1:6379, started here from the installed redis-server
 * when nothing answers there.
 */
export async function ensureRedis(dataDir: string): Promise<RedisService> {
  const configured = process.env.REDIS_URL;
  const url = configured ?? DEFAULT_REDIS_URL;
  if (await answers(url)) return { url, started: false, stop: async () => {} };
  if (configured) throw new ServiceError(`Redis does not answer at REDIS_URL (${new URL(url).host}).`);
  if (spawnSync("redis-server", ["--version"], { stdio: "ignore" }).error) {
    throw new ServiceError(
      "Redis is not running on 127.0.0.1:6379 and redis-server is not installed: run `sudo apt-get install -y redis-server` (or set REDIS_URL).",
    );
  }
  const dir = path.join(dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  // Live calls are state in Redis: an append-only file (fsync every second) means a Redis restart does not
  // hang them up, and their execution log (a Redis stream until written to Postgres) is not lost.
  const child = spawn(
    "redis-server",
    [
      ...["--port", "6379", "--bind", "127.0.0.1", "--dir", dir],
      ...["--appendonly", "yes", "--appendfsync", "everysec", "--save", ""],
    ],
    { stdio: "ignore" },
  );
  await waitFor(url, child);
  return {
    url,
    started: true,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
