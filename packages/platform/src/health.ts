import type { Redis } from "ioredis";

export type ServiceHealth = "ok" | "error";
export type Health = {
  status: ServiceHealth;
  database: ServiceHealth;
  redis: ServiceHealth;
  errors?: Record<string, string>;
};

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<string | undefined> {
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
    return (error as Error).message;
  } finally {
    clearTimeout(timer);
  }
}

/** What /health reports on the API and the runtime: each dependency, probed live. */
export async function checkHealth(
  deps: { database: () => Promise<unknown>; redis: Redis },
  timeoutMs = 2000,
): Promise<Health> {
  const [databaseError, redisError] = await Promise.all([
    probe(deps.database, timeoutMs),
    probe(() => deps.redis.ping(), timeoutMs),
  ]);
  const errors: Record<string, string> = {};
  if (databaseError) errors.database = databaseError;
  if (redisError) errors.redis = redisError;
  return {
    status: databaseError || redisError ? "error" : "ok",
    database: databaseError ? "error" : "ok",
    redis: redisError ? "error" : "ok",
    ...(Object.keys(errors).length ? { errors } : {}),
  };
}
