import { randomUUID } from "node:crypto";
import type { Redis } from "../redis.ts";

/** What a provider connection looks like from here: working, failing now and then, or skipped for outbound. */
export type ProviderStatus = "up" | "degraded" | "down";

export interface ProviderHealthReport {
  status: ProviderStatus;
  /** REST requests and webhooks of the last window, and how many of them failed. */
  requests: number;
  failures: number;
  webhooks: number;
  webhookFailures: number;
  /** Median latency of the window's REST requests, in ms (null without any). */
  medianLatencyMs: number | null;
  /** When the account was marked down (epoch ms), null when it is not. */
  downSince: number | null;
}

/** The sliding window and the failures in it that mark an account down. */
export const HEALTH_WINDOW_MS = 60_000;
export const FAILURES_FOR_DOWN = 5;

type Channel = "rest" | "webhook";
/** Every account marked down, so the probe finds them without scanning keys. */
const DOWN_SET = "provider-health:down";

/**
 * Errors and latency of each provider account's REST requests and webhooks, kept in Redis over a sliding
 * 60 s (every API and runtime process sees the same figures). Five failed REST requests within the window
 * mark the account down: outbound calls skip it until a probe (a REST request made to test it) succeeds.
 */
export class ProviderHealth {
  constructor(
    private readonly redis: Redis,
    private readonly clock: () => number = Date.now,
  ) {}

  private key(accountId: string, part: Channel | "down"): string {
    return `provider-health:${accountId}:${part}`;
  }

  /** One REST request (`probe`: made to find out whether the account works again) or one webhook. */
  async record(
    accountId: string,
    outcome: { channel: Channel; ok: boolean; latencyMs: number; probe?: boolean },
  ): Promise<ProviderStatus> {
    const now = this.clock();
    const key = this.key(accountId, outcome.channel);
    const member = `${now}:${outcome.ok ? 1 : 0}:${Math.round(outcome.latencyMs)}:${randomUUID()}`;
    // Three plain commands, not MULTI: ioredis leaves a MULTI's queued commands rejected unhandled when the
    // connection closes under it, and a health count needs no transaction.
    await Promise.all([
      this.redis.zadd(key, now, member),
      this.redis.zremrangebyscore(key, 0, now - HEALTH_WINDOW_MS),
      this.redis.pexpire(key, HEALTH_WINDOW_MS * 2),
    ]);
    if (outcome.channel === "rest") {
      if (outcome.ok && outcome.probe)
        await Promise.all([
          this.redis.del(this.key(accountId, "down")),
          this.redis.srem(DOWN_SET, accountId),
        ]);
      if (!outcome.ok) {
        const entries = await this.window(accountId, "rest");
        if (entries.filter((entry) => !entry.ok).length >= FAILURES_FOR_DOWN)
          await Promise.all([
            this.redis.set(this.key(accountId, "down"), String(now), "NX"),
            this.redis.sadd(DOWN_SET, accountId),
          ]);
      }
    }
    return (await this.report(accountId)).status;
  }

  /** The accounts marked down now, for the probe that brings them back (at most `limit`). */
  async downAccounts(limit = 500): Promise<string[]> {
    const ids = (await this.redis.smembers(DOWN_SET)).slice(0, limit);
    const down = await Promise.all(ids.map((id) => this.isDown(id)));
    return ids.filter((_, i) => down[i]);
  }

  async isDown(accountId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(accountId, "down"))) === 1;
  }

  async report(accountId: string): Promise<ProviderHealthReport> {
    const [rest, webhooks, down] = await Promise.all([
      this.window(accountId, "rest"),
      this.window(accountId, "webhook"),
      this.redis.get(this.key(accountId, "down")),
    ]);
    const failures = rest.filter((entry) => !entry.ok).length;
    const webhookFailures = webhooks.filter((entry) => !entry.ok).length;
    const latencies = rest.map((entry) => entry.latencyMs).sort((a, b) => a - b);
    return {
      status: down ? "down" : failures || webhookFailures ? "degraded" : "up",
      requests: rest.length,
      failures,
      webhooks: webhooks.length,
      webhookFailures,
      medianLatencyMs: latencies.length ? (latencies[Math.floor(latencies.length / 2)] as number) : null,
      downSince: down ? Number(down) : null,
    };
  }

  private async window(accountId: string, channel: Channel) {
    const members = await this.redis.zrangebyscore(
      this.key(accountId, channel),
      this.clock() - HEALTH_WINDOW_MS,
      "+inf",
    );
    return members.map((member) => {
      const [, ok, latency] = member.split(":");
      return { ok: ok === "1", latencyMs: Number(latency) };
    });
  }
}
