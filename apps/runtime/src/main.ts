import { Worker } from "node:worker_threads";
import { createDb } from "@ringflow/db";
import { createLogger, createRedis, serveUntilSignal } from "@ringflow/platform";
import { readRuntimeEnv } from "./env.ts";
import type { WorkersConfig } from "./jobs/workers.ts";
import { buildRuntimeServer } from "./server.ts";

const env = readRuntimeEnv();
const logger = createLogger("runtime");
const db = createDb(env.DATABASE_URL);
const redis = createRedis(env.REDIS_URL, { keyPrefix: env.REDIS_KEY_PREFIX });
const app = await buildRuntimeServer({
  db,
  redis,
  logger,
  config: {
    publicUrl: env.RUNTIME_PUBLIC_URL,
    holdMusicUrl: env.HOLD_MUSIC_URL,
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    httpAllowHosts: env.HTTP_REQUEST_ALLOW_HOSTS.split(",").filter(Boolean),
    simulatorOrigins: [env.PUBLIC_URL],
  },
});

// The BullMQ workers write what the webhooks queued, in a thread of this process unless another process runs them.
const workers =
  env.RUNTIME_WORKERS === "true"
    ? new Worker(
        // The runtime runs from TypeScript sources; the thread loads them through tsx's API (Node 20 threads
        // do not inherit the loader).
        `import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(new URL("./jobs/workers.ts", import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`,
        {
          eval: true,
          workerData: {
            databaseUrl: env.DATABASE_URL,
            redisUrl: env.REDIS_URL,
            keyPrefix: env.REDIS_KEY_PREFIX,
            twilioApiBaseUrl: env.TWILIO_API_BASE_URL,
          } satisfies WorkersConfig,
        },
      )
    : null;
workers?.on("error", (error) => logger.error({ err: error }, "the job workers stopped"));

const stopWorkers = () =>
  new Promise<void>((resolve) => {
    if (!workers) return resolve();
    const timer = setTimeout(() => void workers.terminate().then(() => resolve()), 10_000);
    workers.once("message", () => {
      clearTimeout(timer);
      void workers.terminate().then(() => resolve());
    });
    workers.postMessage("stop");
  });

await serveUntilSignal(app, { port: env.RUNTIME_PORT, host: env.HOST }, [
  stopWorkers,
  () => db.$disconnect(),
  () => redis.quit(),
]);
