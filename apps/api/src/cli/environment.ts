import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createDb, type Db } from "@ringflow/db";
import { apiConfigFromEnv, type ApiConfig } from "../config.ts";
import { readApiEnv } from "../env.ts";

const ROOT = path.resolve(import.meta.dirname, "../../../..");
/** What the Prisma CLI uses too when DATABASE_URL is not set. */
const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/ringflow";

export class CliError extends Error {
  override name = "CliError";
}

/**
 * The database, the secret keys and the public URLs, from the same environment as the API. Without
 * RINGFLOW_SECRET_KEYS, the keys `npm start` generated into the data directory are used.
 */
export function cliEnvironment(source: NodeJS.ProcessEnv = process.env): { db: Db; config: ApiConfig } {
  if (!source.RINGFLOW_SECRET_KEYS) {
    const file = path.join(path.resolve(ROOT, source.RINGFLOW_DATA_DIR ?? ".data"), "secret-keys");
    if (existsSync(file)) process.env.RINGFLOW_SECRET_KEYS = readFileSync(file, "utf8").trim();
  }
  const env = readApiEnv({ DATABASE_URL: DEFAULT_DATABASE_URL, ...source });
  return { db: createDb(env.DATABASE_URL, { max: 2 }), config: apiConfigFromEnv(env) };
}
