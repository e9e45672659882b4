// A schema engine for Prisma's CLI, built on the WASM engine: newline-delimited JSON-RPC 2.0 on
// stdin/stdout, logs on stderr, the same arguments the native binary takes.
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createAdapterFactory } from "./adapter.ts";
import { runCliCommand } from "./cli-commands.ts";
import type { DiagnoseMigrationHistoryInput } from "@prisma/schema-engine-wasm";
import { createWasmSchemaEngine, type WasmSchemaEngine } from "./wasm-engine.ts";

const { values: args, positionals } = parseArgs({
  options: {
    datamodels: { type: "string", multiple: true },
    datasource: { type: "string" },
    "enabled-preview-features": { type: "string" },
    "extension-types": { type: "string" },
    version: { type: "boolean", short: "V" },
  },
  strict: false,
  allowPositionals: true,
});

function logEntry(entry: { level: "INFO" | "ERROR"; target?: string; fields: Record<string, unknown> }) {
  process.stderr.write(JSON.stringify(entry) + "\n");
}
function log(level: "INFO" | "ERROR", message: string) {
  logEntry({ level, fields: { message } });
}

if (args.version) {
  const { version } = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  process.stdout.write(`schema-engine-wasm ${version?.() ?? ""}\n`);
  process.exit(0);
}

const datasource = JSON.parse((args.datasource as string | undefined) ?? "{}") as {
  url?: string;
  shadowDatabaseUrl?: string;
};
const url = datasource.url ?? process.env.DATABASE_URL;
if (!url) {
  log("ERROR", "No datasource URL: set DATABASE_URL or datasource.url in prisma.config.ts");
  process.exit(1);
}

if (positionals[0] === "cli") {
  process.exit(await runCliCommand(positionals[1] ?? "", url, logEntry));
}

const datamodelPaths = (args.datamodels as string[] | undefined) ?? [];
const datamodels = await Promise.all(
  datamodelPaths.map(async (path) => [path, await readFile(path, "utf8")] as [string, string]),
);
const adapterFactory = createAdapterFactory({ url, shadowDatabaseUrl: datasource.shadowDatabaseUrl });
// The engine's log lines are already the JSON the CLI reads from the native engine's stderr.
const newEngine = () =>
  createWasmSchemaEngine(datamodels, adapterFactory, (line) =>
    process.stderr.write(line.endsWith("\n") ? line : line + "\n"),
  );
let engine: Promise<WasmSchemaEngine> = newEngine();

type Request = { id: number | string; method: string; params?: Record<string, unknown> };

// The CLI's method names, mapped to the WASM engine's.
const METHOD_ALIASES: Record<string, string> = { getDatabaseVersion: "version" };
// These change the database under the engine's feet; a fresh engine re-reads migration history.
const INVALIDATES_CACHE = new Set([
  "applyMigrations",
  "reset",
  "markMigrationApplied",
  "markMigrationRolledBack",
  "schemaPush",
  "dbExecute",
]);

// These read the migrations' schema from the engine's cache and cannot build it themselves, since
// only diagnoseMigrationHistory reaches the shadow database through the adapter factory.
const NEEDS_PRIMED_CACHE = new Set(["evaluateDataLoss", "createMigration"]);

async function primeMigrationCache(current: WasmSchemaEngine, params: Record<string, unknown>) {
  const { migrationsList, filters } = params as Pick<
    DiagnoseMigrationHistoryInput,
    "migrationsList" | "filters"
  >;
  if (!migrationsList) return;
  await current.diagnoseMigrationHistory({
    migrationsList,
    filters: filters ?? { externalTables: [], externalEnums: [] },
    optInToShadowDatabase: true,
  });
}

function errorResponse(id: Request["id"], error: unknown) {
  const e = error as { message?: string; error_code?: string; meta?: unknown; is_panic?: boolean };
  const message = e?.message ?? String(error);
  return {
    jsonrpc: "2.0",
    id,
    error: {
      code: 4466,
      message: "An error happened. Check the data field for details.",
      data: { is_panic: e?.is_panic ?? false, message, error_code: e?.error_code, meta: e?.meta },
    },
  };
}

async function handle(request: Request) {
  const method = METHOD_ALIASES[request.method] ?? request.method;
  try {
    const current = await engine;
    const fn = (current as unknown as Record<string, (params: unknown) => Promise<unknown>>)[method];
    if (typeof fn !== "function") throw new Error(`The WASM schema engine has no method ${request.method}`);
    const params = request.params ?? {};
    if (NEEDS_PRIMED_CACHE.has(method)) await primeMigrationCache(current, params);
    const result = await fn.call(current, params);
    if (INVALIDATES_CACHE.has(method)) engine = newEngine();
    if (method === "diff") printToCli((result as { stdout?: string | null }).stdout);
    return { jsonrpc: "2.0", id: request.id, result: result ?? null };
  } catch (error) {
    return errorResponse(request.id, error);
  }
}

// The native engine hands `migrate diff` output to the CLI as a `print` request; the WASM one returns it.
let printId = 0;
function printToCli(content: string | null | undefined) {
  if (!content) return;
  const request = { jsonrpc: "2.0", id: `print-${++printId}`, method: "print", params: { content } };
  process.stdout.write(JSON.stringify(request) + "\n");
}

// Requests are answered in order, one at a time, as the native engine does.
let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (!line.trim()) return;
  const request = JSON.parse(line) as Request;
  if (!request.method) return; // the CLI's acknowledgement of a print request
  queue = queue.then(async () => {
    process.stdout.write(JSON.stringify(await handle(request)) + "\n");
  });
});
// The WASM engine arms timers that would keep Node alive after the CLI closes our stdin.
lines.on("close", () => void queue.then(() => process.exit(0)));
