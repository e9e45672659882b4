import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "@ringflow/platform";
import { eventually } from "../../testing/seed.ts";
import { ConnectionLease } from "./connection-lease.ts";

const redis = createRedis();
afterAll(() => redis.quit());

const leaseOf = (key: string, owner: string, ttlMs: number) => new ConnectionLease(redis, key, owner, ttlMs);

describe("an Asterisk connection's lease", () => {
  it("stays with its holder when a renewal comes after the expiry and nobody took it meanwhile", async () => {
    const key = `lease-test:${randomBytes(6).toString("hex")}`;
    const first = leaseOf(key, "first", 100);
    expect(await first.acquire()).toBe(true);
    // The renewal is late (a busy event loop, or the wall clock by which Redis expires keys stepped forward).
    await eventually(async () => (await first.holder()) === null);
    expect(await first.renew()).toBe(true);
    expect(await first.holder()).toBe("first");
    expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it("is lost once another process took it, and only then", async () => {
    const key = `lease-test:${randomBytes(6).toString("hex")}`;
    const first = leaseOf(key, "first", 60_000);
    const second = leaseOf(key, "second", 60_000);
    expect(await first.acquire()).toBe(true);
    expect(await second.acquire()).toBe(false);
    expect(await first.renew()).toBe(true);
    await first.release();
    expect(await second.acquire()).toBe(true);
    expect(await first.renew()).toBe(false);
    expect(await second.holder()).toBe("second");
    await second.release();
  });
});
