import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";
import { strictFilters } from "./strict-filters.ts";

export function createDb(url: string, options: { max?: number } = {}) {
  const adapter = new PrismaPg({ connectionString: url, max: options.max ?? 10 });
  return new PrismaClient({ adapter }).$extends(strictFilters);
}

export type Db = ReturnType<typeof createDb>;
/** What a transaction callback receives: the same model API, without connection management. */
export type DbTx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
