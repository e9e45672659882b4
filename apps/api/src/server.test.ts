import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createRedis } from "@ringflow/platform";
import { buildApiServer } from "./server.ts";

describe("API server", () => {
  const db = createDb(testDatabaseUrl(), { max: 2 });
  const redis = createRedis();
  const builderDist = mkdtempSync(path.join(os.tmpdir(), "builder-dist-"));
  writeFileSync(path.join(builderDist, "index.html"), "<title>Ringflow</title>");
  let app: Awaited<ReturnType<typeof buildApiServer>>;

  beforeAll(async () => {
    app = await buildApiServer({ db, redis, builderDist });
  });
  afterAll(async () => {
    await app.close();
    await db.$disconnect();
    await redis.quit();
  });

  it("/health reports the database and Redis, live", async () => {
    const response = await app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok", database: "ok", redis: "ok" });
  });

  it("serves the builder, and its client-side routes, from the built files", async () => {
    for (const url of ["/", "/flows/abc"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain("<title>Ringflow</title>");
    }
    expect((await app.inject({ method: "POST", url: "/nope" })).statusCode).toBe(404);
  });

  it("answers tRPC", async () => {
    const response = await app.inject({ method: "GET", url: "/trpc/system.health" });
    expect(response.statusCode).toBe(200);
    expect(response.json().result.data).toMatchObject({ status: "ok" });
  });
});
