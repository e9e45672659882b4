import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { ServiceError } from "./redis-service.ts";

export type PostgresService = { url: string; embedded: boolean; stop: () => Promise<void> };

export const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);

export async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Postgres 17 compiled to WASM, served on a local port so every process connects as to a server. */
export async function startEmbeddedPostgres(
  dataDir: string | "memory",
  port = EMBEDDED_PG_PORT,
): Promise<PostgresService> {
  let db: PGlite;
  if (dataDir === "memory") db = new PGlite();
  else {
    mkdirSync(dataDir, { recursive: true });
    db = new PGlite(dataDir);
  }
  await db.waitReady;
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 64 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    const reason =
      (error as { code?: string }).code === "EADDRINUSE"
        ? `port ${port} is taken (is Ringflow already running? set EMBEDDED_PG_PORT)`
        : String(error);
    throw new ServiceError(`The embedded Postgres could not start: ${reason}`);
  }
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    embedded: true,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

/** DATABASE_URL when set; else the embedded Postgres with its data under `.data/`. */
export async function ensurePostgres(dataDir: string): Promise<PostgresService> {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    if (!(await answers(configured)))
      throw new ServiceError(`Postgres does not answer at DATABASE_URL (${new URL(configured).host}).`);
    return { url: configured, embedded: false, stop: async () => {} };
  }
  return startEmbeddedPostgres(path.join(dataDir, "pglite"));
}
