import type { Redis } from "@ringflow/platform";

/**
 * Per-tenant outbound limits in Redis, checked and taken in one script so concurrent requests from any API
 * process never exceed them: a set of calls in progress (each with a deadline, in case its end is never
 * seen) and a one-minute sliding window of calls started.
 * KEYS: active, started. ARGV: now ms, call id, max concurrent, max per minute, call deadline ms.
 */
const RESERVE = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 60000)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return {'concurrent', 0} end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return {'rate', math.max(1, math.ceil((tonumber(oldest[2]) + 60000 - now) / 1000))}
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[5]), ARGV[2])
redis.call('ZADD', KEYS[2], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
redis.call('PEXPIRE', KEYS[2], 60000)
return {'ok', 0}
`;

/** A call nobody told us ended stops counting after this long. */
export const OUTBOUND_CALL_DEADLINE_MS = 4 * 60 * 60 * 1000;

const keys = (tenantId: string) => [`outbound:{${tenantId}}:active`, `outbound:{${tenantId}}:started`];

export type Reservation =
  | { ok: true }
  | { ok: false; reason: "concurrent" }
  | { ok: false; reason: "rate"; retryAfterSeconds: number };

export async function reserveOutboundCall(
  redis: Redis,
  tenantId: string,
  callId: string,
  limits: { maxConcurrentCalls: number; maxCallsPerMinute: number },
  now = Date.now(),
): Promise<Reservation> {
  const [active, started] = keys(tenantId);
  const [outcome, retryAfter] = (await redis.eval(
    RESERVE,
    2,
    active!,
    started!,
    now,
    callId,
    limits.maxConcurrentCalls,
    limits.maxCallsPerMinute,
    OUTBOUND_CALL_DEADLINE_MS,
  )) as [string, number];
  if (outcome === "ok") return { ok: true };
  if (outcome === "concurrent") return { ok: false, reason: "concurrent" };
  return { ok: false, reason: "rate", retryAfterSeconds: retryAfter };
}

/** The calls counted as in progress, to check against the calls table. */
export function activeOutboundCalls(redis: Redis, tenantId: string): Promise<string[]> {
  return redis.zrange(keys(tenantId)[0]!, 0, -1);
}

/** A call ended (or never started): it no longer counts as in progress. */
export async function releaseOutboundCalls(redis: Redis, tenantId: string, callIds: readonly string[]) {
  if (callIds.length) await redis.zrem(keys(tenantId)[0]!, ...callIds);
}
