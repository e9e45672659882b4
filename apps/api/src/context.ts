import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";

/** Everything a procedure may use, without req/res, so tests build it directly. */
export type InnerContext = { db: Db; redis: Redis };

export function createInnerContext(deps: InnerContext): InnerContext {
  return { db: deps.db, redis: deps.redis };
}

export type Context = InnerContext;
