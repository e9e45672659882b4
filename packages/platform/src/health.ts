import type { Redis } from "ioredis";

export type ServiceHealth = "ok" | "down";
/** Public on purpose (load balancers, uptime checks): it names each dependency's state and nothing else. */
export type Health = {
  status: ServiceHealth;
  database: ServiceHealth;
  redis: ServiceHealth;
};

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<Error | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthDeps {
  database: () => Promise<unknown>;
  redis: Redis;
  /** Where a failing probe's reason goes: the server's log, never the answer (it may hold hosts, SQL, users). */
  onFailure?: (component: "database" | "redis", error: Error) => void;
}

/** What /health reports on the API and the runtime: each dependency, probed live, as ok or down. */
export async function checkHealth(deps: HealthDeps, timeoutMs = 2000): Promise<Health> {
  const [databaseError, redisError] = await Promise.all([
    probe(deps.database, timeoutMs),
    probe(() => deps.redis.ping(), timeoutMs),
  ]);
  if (databaseError) deps.onFailure?.("database", databaseError);
  if (redisError) deps.onFailure?.("redis", redisError);
  return {
    status: databaseError || redisError ? "down" : "ok",
    database: databaseError ? "down" : "ok",
    redis: redisError ? "down" : "ok",
  };
}
