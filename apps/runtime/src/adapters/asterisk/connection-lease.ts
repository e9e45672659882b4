import type { Redis } from "@ringflow/platform";

// KEYS[1] lease. ARGV: 1 owner, 2 ttl ms. Renews a lease this owner still holds, or takes it back when it
// expired and nobody took it meanwhile (a renewal late behind a busy event loop or a step of the wall clock,
// by which Redis expires keys); fails only once another owner holds it.
const RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type LeaseRedis = Redis & {
  ringflowRenewLease(keys: number, ...args: (string | number)[]): Promise<number>;
  ringflowReleaseLease(keys: number, ...args: (string | number)[]): Promise<number>;
};

/**
 * Which runtime process holds one Asterisk connection: a Redis key set only if absent, with an expiry the
 * holder keeps renewing. A holder that dies stops renewing, and the key expires for another to take.
 */
export class ConnectionLease {
  private readonly redis: LeaseRedis;

  constructor(
    redis: Redis,
    readonly key: string,
    readonly owner: string,
    readonly ttlMs: number,
  ) {
    if (!("ringflowRenewLease" in redis)) {
      redis.defineCommand("ringflowRenewLease", { lua: RENEW });
      redis.defineCommand("ringflowReleaseLease", { lua: RELEASE });
    }
    this.redis = redis as LeaseRedis;
  }

  static keyOf = (providerAccountId: string) => `ari:lease:${providerAccountId}`;

  /** Takes the lease when nobody holds it; true also when this owner already does (and renews it). */
  async acquire(): Promise<boolean> {
    const set = await this.redis.set(this.key, this.owner, "PX", this.ttlMs, "NX");
    return set === "OK" || this.renew();
  }

  /** False once the lease is no longer this owner's (another took it; an expired one nobody took is kept). */
  async renew(): Promise<boolean> {
    return (await this.redis.ringflowRenewLease(1, this.key, this.owner, this.ttlMs)) === 1;
  }

  async release(): Promise<void> {
    await this.redis.ringflowReleaseLease(1, this.key, this.owner);
  }

  /** Who holds it now, if anyone. */
  holder(): Promise<string | null> {
    return this.redis.get(this.key);
  }
}
