// `npm test`: every package's tests through Turborepo, against a real Postgres and a real Redis, in a
// database created for this run and dropped after it (never the developer's data).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import pg from "pg";
import { Redis } from "ioredis";
import { answers, startEmbeddedPostgres, type PostgresService } from "./lib/postgres-service.ts";
import { ROOT, runPrisma } from "./lib/prisma-cli.ts";
import { ensureRedis } from "./lib/redis-service.ts";
import { generateKeySpec } from "@ringflow/db";

const LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres";
const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;

/** DATABASE_URL, else the local server, else the embedded Postgres (in memory). */
async function postgresServer(): Promise<PostgresService> {
  const configured = process.env.DATABASE_URL;
  if (configured) return { url: configured, embedded: false, stop: async () => {} };
  if (await answers(LOCAL_POSTGRES)) return { url: LOCAL_POSTGRES, embedded: false, stop: async () => {} };
  return startEmbeddedPostgres("memory", 54330 + (process.pid % 1000));
}

async function withAdmin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function deleteKeys(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== "0");
  await redis.quit();
}

type Report = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: {
    name: string;
    message?: string;
    assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
};

/** Totals, and each failure named with the first line of why, so the end of a long log says what broke. */
function summarize(resultsDir: string) {
  const total = { passed: 0, failed: 0, skipped: 0, failures: [] as string[] };
  for (const file of readdirSync(resultsDir).filter((name) => name.endsWith(".json"))) {
    const report = JSON.parse(readFileSync(path.join(resultsDir, file), "utf8")) as Report;
    total.passed += report.numPassedTests;
    total.failed += report.numFailedTests;
    total.skipped += report.numPendingTests + report.numTodoTests;
    for (const suite of report.testResults ?? []) {
      const where = path.relative(ROOT, suite.name);
      const failed = (suite.assertionResults ?? []).filter((test) => test.status === "failed");
      for (const test of failed)
        total.failures.push(`${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
      // A file that failed before any test ran (an import error, a hook) has no failed test of its own.
      if (!failed.length && suite.message) total.failures.push(`${where}: ${firstLine(suite.message)}`);
    }
  }
  return total;
}

function firstLine(message: string | undefined): string {
  const line = (message ?? "").split("\n").find((text) => text.trim()) ?? "(no message)";
  // Vitest colours its messages; the summary is read as plain text.
  return stripVTControlCharacters(line).trim().slice(0, 300);
}

const server = await postgresServer();
const database = server.embedded ? undefined : `ringflow_test_${runId}`;
const redis = await ensureRedis(path.join(ROOT, ".data"));
const redisPrefix = `rftest:${runId}:`;
const resultsDir = mkdtempSync(path.join(os.tmpdir(), "ringflow-tests-"));
let exitCode = 1;
try {
  if (database) await withAdmin(server.url, (client) => client.query(`create database ${database}`));
  const url = database ? databaseUrl(server.url, database) : server.url;
  await runPrisma(["migrate", "deploy"], url, { quiet: true });
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn(
      path.join(ROOT, "node_modules/.bin/turbo"),
      ["run", "test", "--concurrency=2", "--continue", "--output-logs=full", ...process.argv.slice(2)],
      {
        cwd: ROOT,
        stdio: "inherit",
        env: {
          ...process.env,
          NODE_ENV: "test",
          DATABASE_URL: url,
          TEST_POSTGRES_SERVER_URL: server.url,
          REDIS_URL: redis.url,
          REDIS_KEY_PREFIX: redisPrefix,
          RINGFLOW_SECRET_KEYS: process.env.RINGFLOW_SECRET_KEYS ?? generateKeySpec("test"),
          TEST_RESULTS_DIR: resultsDir,
        },
      },
    );
    child.on("exit", (code) => resolve(code ?? 1));
  });
  const total = summarize(resultsDir);
  // A suite that could not run says so here, at the end, with the command that enables it.
  for (const file of readdirSync(resultsDir).filter((name) => name.endsWith(".skip")))
    console.log(`skipped: ${readFileSync(path.join(resultsDir, file), "utf8").trim()}`);
  for (const failure of total.failures) console.log(`failed: ${failure}`);
  console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  if (total.passed === 0 && exitCode === 0) {
    console.error("No test ran.");
    exitCode = 1;
  }
} finally {
  rmSync(resultsDir, { recursive: true, force: true });
  if (database)
    await withAdmin(server.url, (client) => client.query(`drop database if exists ${database} with (force)`));
  await deleteKeys(redis.url, redisPrefix).catch(() => {});
  await redis.stop();
  await server.stop();
}
process.exit(exitCode);
