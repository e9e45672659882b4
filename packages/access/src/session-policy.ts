import { z } from "zod";
import { readEnv } from "@ringflow/platform";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How long sessions live: absolute lifetime (renewed once half-used), idle timeout, how often activity is written. */
export interface SessionPolicy {
  lifetimeMs: number;
  renewWithinMs: number;
  idleMs: number;
  touchEveryMs: number;
}

const envSchema = z.object({
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(60),
});

export function sessionPolicyFromEnv(source: NodeJS.ProcessEnv = process.env): SessionPolicy {
  const env = readEnv("session", envSchema, source);
  return {
    lifetimeMs: 30 * DAY,
    renewWithinMs: 15 * DAY,
    idleMs: env.SESSION_IDLE_MINUTES * MINUTE,
    // One write a minute at most per session, however many requests it makes.
    touchEveryMs: MINUTE,
  };
}

let fromEnv: SessionPolicy | undefined;
export const defaultSessionPolicy = () => (fromEnv ??= sessionPolicyFromEnv());
