import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { createRedis } from "./redis.ts";
import { checkHealth } from "./health.ts";

describe("checkHealth", () => {
  const redis = createRedis();
  // Nothing listens on port 1: a Redis that is down.
  const down = new Redis("redis://127.0.0.1:1", {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  down.on("error", () => {});
  afterAll(async () => {
    await redis.quit();
    down.disconnect();
  });

  it("reports ok when both answer", async () => {
    expect(await checkHealth({ database: async () => 1, redis })).toEqual({
      status: "ok",
      database: "ok",
      redis: "ok",
    });
  });

  it("names the service that is down, and tells why only to the log", async () => {
    const failures: [string, string][] = [];
    const health = await checkHealth({
      database: () =>
        Promise.reject(new Error('password authentication failed for user "ringflow" at 10.0.0.5')),
      redis: down,
      onFailure: (component, error) => failures.push([component, error.message]),
    });
    // Exactly these keys: no error text for anyone who can reach /health.
    expect(health).toEqual({ status: "down", database: "down", redis: "down" });
    expect(JSON.stringify(health)).not.toMatch(/password|10\.0\.0\.5|ECONNREFUSED/);
    expect(failures.map(([component]) => component).sort()).toEqual(["database", "redis"]);
    expect(failures.find(([component]) => component === "database")?.[1]).toMatch(/password authentication/);
  });

  it("does not hang on a dependency that never answers", async () => {
    const failures: string[] = [];
    const health = await checkHealth(
      {
        database: () => new Promise(() => {}),
        redis,
        onFailure: (_c, error) => failures.push(error.message),
      },
      50,
    );
    expect(health).toEqual({ status: "down", database: "down", redis: "ok" });
    expect(failures).toEqual(["no answer within 50 ms"]);
  });
});
