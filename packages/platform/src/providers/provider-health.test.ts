import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "../redis.ts";
import { FAILURES_FOR_DOWN, HEALTH_WINDOW_MS, ProviderHealth } from "./provider-health.ts";

const redis = createRedis(process.env.REDIS_URL, { keyPrefix: `health-test-${randomUUID()}:` });
afterAll(() => redis.quit());

describe("provider health over a sliding minute", () => {
  it("five failed REST requests within 60 s mark the account down until a probe succeeds", async () => {
    let now = 1_000_000;
    const health = new ProviderHealth(redis, () => now);
    const id = randomUUID();
    expect((await health.report(id)).status).toBe("up");
    await health.record(id, { channel: "rest", ok: true, latencyMs: 120 });
    for (let i = 1; i < FAILURES_FOR_DOWN; i++) {
      now += 1000;
      expect(await health.record(id, { channel: "rest", ok: false, latencyMs: 30 })).toBe("degraded");
    }
    now += 1000;
    expect(await health.record(id, { channel: "rest", ok: false, latencyMs: 30 })).toBe("down");
    expect(await health.isDown(id)).toBe(true);
    // An ordinary success does not lift it; a probe does.
    await health.record(id, { channel: "rest", ok: true, latencyMs: 40 });
    expect(await health.isDown(id)).toBe(true);
    await health.record(id, { channel: "rest", ok: true, latencyMs: 40, probe: true });
    const report = await health.report(id);
    expect(report).toMatchObject({ status: "degraded", requests: 8, failures: 5, downSince: null });
    expect(report.medianLatencyMs).toBe(30);
  });

  it("failures spread over more than the window do not add up; webhook failures only degrade", async () => {
    let now = 5_000_000;
    const health = new ProviderHealth(redis, () => now);
    const id = randomUUID();
    for (let i = 0; i < FAILURES_FOR_DOWN * 2; i++) {
      await health.record(id, { channel: "rest", ok: false, latencyMs: 10 });
      now += HEALTH_WINDOW_MS / 4 + 1;
    }
    expect(await health.isDown(id)).toBe(false);
    now += HEALTH_WINDOW_MS * 2;
    for (let i = 0; i < FAILURES_FOR_DOWN; i++)
      await health.record(id, { channel: "webhook", ok: false, latencyMs: 5 });
    expect(await health.report(id)).toMatchObject({ status: "degraded", requests: 0, webhookFailures: 5 });
  });
});
