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

  it("names the service that fails and why", async () => {
    const health = await checkHealth({
      database: () => Promise.reject(new Error("connection refused")),
      redis: down,
    });
    expect(health).toMatchObject({ status: "error", database: "error", redis: "error" });
    expect(health.errors?.database).toBe("connection refused");
    expect(health.errors?.redis).toBeTruthy();
  });

  it("does not hang on a dependency that never answers", async () => {
    const health = await checkHealth({ database: () => new Promise(() => {}), redis }, 50);
    expect(health).toMatchObject({ status: "error", database: "error", redis: "ok" });
    expect(health.errors?.database).toMatch(/no answer within 50 ms/);
  });
});
