import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createRedis } from "@ringflow/platform";
import { buildRuntimeServer } from "./server.ts";

describe("runtime server", () => {
  const db = createDb(testDatabaseUrl(), { max: 2 });
  const redis = createRedis();
  afterAll(async () => {
    await db.$disconnect();
    await redis.quit();
  });

  it("/health reports 503 and which service is down, without any error text", async () => {
    const unreachable = createDb("postgresql://postgres@127.0.0.1:1/none", { max: 1 });
    const app = await buildRuntimeServer({ db: unreachable, redis });
    const response = await app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: "down", database: "down", redis: "ok", providers: [] });
    await app.close();
  });

  it("/health answers ok with both services up", async () => {
    const app = await buildRuntimeServer({ db, redis });
    const response = await app.inject({ method: "GET", url: "/health" });
    // With each provider connection (up, degraded or down; live calls, waiting callers, available agents).
    expect(response.json()).toEqual({
      status: "ok",
      database: "ok",
      redis: "ok",
      providers: expect.any(Array),
    });
    await app.close();
  });
});
