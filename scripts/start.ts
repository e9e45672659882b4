// `npm start`: the whole product on one machine. Postgres (DATABASE_URL or embedded), Redis (REDIS_URL,
// the local one, or one started here), migrations, the demo tenant on first run, then the API (which
// serves the built builder) and the runtime. Ctrl-C stops everything.
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { startApp, stopChild, waitForHealth } from "./lib/children.ts";
import { ensurePostgres, type PostgresService } from "./lib/postgres-service.ts";
import { ROOT, runPrisma } from "./lib/prisma-cli.ts";
import { ensureRedis, ServiceError, type RedisService } from "./lib/redis-service.ts";
import { ensureSecretKeys } from "./lib/secret-keys.ts";

const dataDir = path.resolve(ROOT, process.env.RINGFLOW_DATA_DIR ?? ".data");
const apiPort = Number(process.env.API_PORT ?? 3000);
const runtimePort = Number(process.env.RUNTIME_PORT ?? 3001);
const host = process.env.HOST ?? "127.0.0.1";

let postgres: PostgresService | undefined;
let redis: RedisService | undefined;
const children: ChildProcess[] = [];
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (code === 0) console.log("\nStopping Ringflow…");
  await Promise.all(children.map((child) => stopChild(child)));
  await redis?.stop();
  await postgres?.stop();
  if (code === 0) console.log("Stopped.");
  process.exit(code);
}
process.once("SIGINT", () => void stop(0));
process.once("SIGTERM", () => void stop(0));

try {
  const secretKeys = ensureSecretKeys(dataDir);
  postgres = await ensurePostgres(dataDir);
  redis = await ensureRedis(dataDir);
  console.log(
    `Postgres: ${postgres.embedded ? `embedded (data in ${path.relative(ROOT, dataDir)}/pglite)` : "DATABASE_URL"}`,
  );
  console.log(`Redis: ${redis.started ? "started redis-server on 127.0.0.1:6379" : new URL(redis.url).host}`);

  await runPrisma(["migrate", "deploy"], postgres.url, { quiet: true });
  const env = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    RINGFLOW_SECRET_KEYS: secretKeys,
    API_PORT: String(apiPort),
    RUNTIME_PORT: String(runtimePort),
    HOST: host,
    // Ringflow cannot send mail yet (no SMTP): sign-up links land here as files.
    MAIL_OUTBOX_DIR: process.env.MAIL_OUTBOX_DIR || path.join(dataDir, "outbox"),
    // Recordings copied from the provider, encrypted (unless RECORDINGS_STORE=s3).
    RECORDINGS_DIR: process.env.RECORDINGS_DIR || path.join(dataDir, "recordings"),
  };
  const seeded = startApp("seed", "prisma/seed.ts", env);
  const seedCode = await new Promise<number | null>((resolve) => seeded.once("exit", resolve));
  if (seedCode !== 0) throw new Error("Seeding the demo tenant failed (see above).");

  const api = startApp("api", "apps/api/src/main.ts", env);
  const runtime = startApp("runtime", "apps/runtime/src/main.ts", env);
  children.push(api, runtime);
  for (const child of children) child.once("exit", (code) => !stopping && void stop(code ?? 1));
  await Promise.all([
    waitForHealth(`http://${host}:${apiPort}/health`, api),
    waitForHealth(`http://${host}:${runtimePort}/health`, runtime),
  ]);
  console.log(`
  Ringflow is running.
    Builder:  http://${host}:${apiPort}/
    Runtime:  http://${host}:${runtimePort}/   (point Twilio's voice webhook at /twilio/voice)
    Sign in:  admin@demo.ringflow.test / ringflow-demo
    Mail:     written to ${path.relative(ROOT, env.MAIL_OUTBOX_DIR) || "."}/ (sign-up links), not sent
  Press Ctrl-C to stop.
`);
} catch (error) {
  console.error(error instanceof ServiceError ? error.message : error);
  await stop(1);
}
