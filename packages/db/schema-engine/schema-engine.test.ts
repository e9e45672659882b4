// The WASM schema engine shim, driven by the real Prisma CLI against a real Postgres, with no engine
// binary anywhere: what `prisma migrate` does on an air-gapped machine.
import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../src/testing.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const PRISMA = path.join(ROOT, "node_modules/.bin/prisma");
const ENGINE = path.join(import.meta.dirname, "bin/schema-engine");

const BASE_SCHEMA = `
datasource db {
  provider = "postgresql"
}
model Widget {
  id   Int    @id @default(autoincrement())
  name String
}
`;

let dir: string;
let database: Awaited<ReturnType<typeof createScratchDatabase>>;
let shadow: Awaited<ReturnType<typeof createScratchDatabase>>;

async function prisma(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(PRISMA, args, {
      cwd: dir,
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: ENGINE, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      timeout: 90_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migrationDirs(): string[] {
  return readdirSync(path.join(dir, "migrations"))
    .filter((name) => !name.endsWith(".toml"))
    .sort();
}

beforeAll(async () => {
  database = await createScratchDatabase("schema_engine");
  shadow = await createScratchDatabase("schema_engine_shadow");
  dir = mkdtempSync(path.join(os.tmpdir(), "ringflow-schema-engine-"));
  writeFileSync(path.join(dir, "schema.prisma"), BASE_SCHEMA);
  writeFileSync(
    path.join(dir, "prisma.config.mjs"),
    `export default ${JSON.stringify({
      schema: "schema.prisma",
      migrations: { path: "migrations" },
      datasource: { url: database.url, shadowDatabaseUrl: shadow.url },
    })};\n`,
  );
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
  await shadow?.drop();
});

// Each CLI run starts Node and the WASM engine: seconds, not milliseconds.
describe("prisma migrate through the WASM schema engine", { timeout: 120_000 }, () => {
  it("migrate dev creates a migration and applies it", async () => {
    const first = await prisma("migrate", "dev", "--name", "init");
    expect(first.output).toContain("Your database is now in sync with your schema");
    expect(first.code).toBe(0);
    const [init] = migrationDirs();
    expect(init).toMatch(/^\d{14}_init$/);
    expect(readFileSync(path.join(dir, "migrations", init!, "migration.sql"), "utf8")).toContain(
      'CREATE TABLE "Widget"',
    );
    expect(await query(`select count(*)::int as n from "Widget"`)).toEqual([{ n: 0 }]);

    // A second change replays the first migration into the (wiped) shadow database before diffing.
    writeFileSync(
      path.join(dir, "schema.prisma"),
      BASE_SCHEMA.replace("name String", "name String\n  color String?"),
    );
    const second = await prisma("migrate", "dev", "--name", "add_color");
    expect(second.code).toBe(0);
    const latest = migrationDirs().at(-1)!;
    expect(latest).toMatch(/_add_color$/);
    expect(readFileSync(path.join(dir, "migrations", latest, "migration.sql"), "utf8")).toMatch(
      /ALTER TABLE "Widget" ADD COLUMN\s+"color" TEXT/,
    );

    const again = await prisma("migrate", "dev", "--name", "nothing");
    expect(again.output).toContain("Already in sync");
    expect(migrationDirs()).toHaveLength(2);
  });

  it("migrate deploy runs a script with $$ bodies and semicolons in strings whole", async () => {
    const name = "20990101000000_function";
    mkdirSync(path.join(dir, "migrations", name));
    writeFileSync(
      path.join(dir, "migrations", name, "migration.sql"),
      `CREATE FUNCTION widget_label(n text) RETURNS text AS $$
BEGIN
  RETURN 'widget; ' || n;
END;
$$ LANGUAGE plpgsql;
INSERT INTO "Widget" (name) VALUES ('a;b');
`,
    );
    const deploy = await prisma("migrate", "deploy");
    expect(deploy.output).toContain("All migrations have been successfully applied");
    expect(await query(`select widget_label(name) as label from "Widget"`)).toEqual([
      { label: "widget; a;b" },
    ]);
  });

  it("migrate status and diff read the database and the migrations", async () => {
    const status = await prisma("migrate", "status");
    expect(status.output).toContain("Database schema is up to date");
    const diff = await prisma("migrate", "diff", "--from-empty", "--to-schema", "schema.prisma", "--script");
    expect(diff.code).toBe(0);
    expect(diff.output).toContain('CREATE TABLE "Widget"');
  });

  it('db pull introspects catalog types (name, "char") without failing', async () => {
    const pull = await prisma("db", "pull", "--print");
    expect(pull.code).toBe(0);
    expect(pull.output).toMatch(/model Widget \{[^}]*color\s+String\?/s);
  });

  it("migrate reset empties the database and reapplies every migration", async () => {
    await query(`insert into "Widget" (name) values ('extra')`);
    const reset = await prisma("migrate", "reset", "--force");
    expect(reset.code).toBe(0);
    expect(await query(`select name from "Widget"`)).toEqual([{ name: "a;b" }]);
  });

  it("a failing migration fails clearly instead of hanging", async () => {
    const name = "20990102000000_broken";
    mkdirSync(path.join(dir, "migrations", name));
    writeFileSync(
      path.join(dir, "migrations", name, "migration.sql"),
      `ALTER TABLE "NoSuchTable" ADD COLUMN x int;`,
    );
    const deploy = await prisma("migrate", "deploy");
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toMatch(/No such table: NoSuchTable/);
    expect(existsSync(path.join(dir, "migrations", name))).toBe(true);
  });
});
