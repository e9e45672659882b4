import { randomBytes } from "node:crypto";
import pg from "pg";

/** The Postgres server the test run uses (npm test sets it); scratch databases are created on it. */
export function testServerUrl(): string {
  const url = process.env.TEST_POSTGRES_SERVER_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("Run the tests with `npm test`: it provides a Postgres server (DATABASE_URL).");
  return url;
}

export function withDatabaseName(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** An empty database for one test file, dropped by the returned function. */
export async function createScratchDatabase(
  label: string,
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `rf_${label}_${randomBytes(4).toString("hex")}`.toLowerCase();
  await admin((client) => client.query(`create database ${pg.escapeIdentifier(name)}`));
  return {
    name,
    url: withDatabaseName(testServerUrl(), name),
    drop: () =>
      admin((client) =>
        client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`),
      ).then(() => {}),
  };
}

/** The migrated database of this test run. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Run the tests with `npm test`: it provides a migrated database (DATABASE_URL).");
  return url;
}
