import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import { Queue } from "bullmq";
import type { FastifyInstance } from "fastify";
import { authorizeDeploymentAdmin, readSessionCookie } from "@ringflow/access";
import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";

export const JOBS_BOARD_PATH = "/admin/jobs";

export interface JobsBoardDeps {
  db: Db;
  redis: Redis;
  /** Sign-in e-mails of the deployment's admins (RINGFLOW_DEPLOYMENT_ADMINS). */
  admins: ReadonlySet<string>;
  /** The builder's origin: a change (retry, remove) from anywhere else is refused. */
  publicOrigin: string;
}

/** The queue names under this deployment's BullMQ prefix, found in Redis: every process's queues, no list. */
async function queueNames(redis: Redis, bullPrefix: string): Promise<string[]> {
  const names = new Set<string>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${bullPrefix}:*:meta`, "COUNT", 1000);
    cursor = next;
    for (const key of keys) names.add(key.slice(bullPrefix.length + 1, -":meta".length));
  } while (cursor !== "0");
  return [...names].sort();
}

/**
 * Bull Board at /admin/jobs: the BullMQ queues of every Ringflow process (counts, failures with their errors,
 * retries, delayed jobs), for deployment admins only (@ringflow/access), refreshed as queues appear.
 */
export async function jobsBoardRoutes(app: FastifyInstance, deps: JobsBoardDeps) {
  const keyPrefix = deps.redis.options.keyPrefix ?? "";
  const prefix = `${keyPrefix}bull`;
  // Unprefixed: SCAN and BullMQ name whole keys.
  const connection = deps.redis.duplicate({ keyPrefix: "", maxRetriesPerRequest: null });
  connection.on("error", () => {});
  const serverAdapter = new FastifyAdapter().setBasePath(JOBS_BOARD_PATH);
  const board = createBullBoard({
    queues: [],
    serverAdapter,
    options: { uiConfig: { boardTitle: "Ringflow jobs" } },
  });
  const open = new Map<string, Queue>();
  let checkedAt = 0;
  async function refresh() {
    if (Date.now() - checkedAt < 5000) return;
    checkedAt = Date.now();
    for (const name of await queueNames(connection, prefix))
      if (!open.has(name)) {
        const queue = new Queue(name, { connection, prefix });
        queue.on("error", () => {});
        open.set(name, queue);
        board.addQueue(new BullMQAdapter(queue));
      }
  }

  app.addHook("onRequest", async (request, reply) => {
    const grant = await authorizeDeploymentAdmin(
      { db: deps.db },
      { sessionToken: readSessionCookie(request.headers.cookie), admins: deps.admins },
    );
    if (!grant.ok)
      return reply
        .code(grant.reason === "unauthenticated" ? 401 : 403)
        .header("cache-control", "no-store")
        .send({ error: grant.message });
    if (request.method !== "GET" && request.headers.origin !== deps.publicOrigin)
      return reply.code(403).send({ error: "Changes to jobs are accepted only from Ringflow's own pages." });
    await refresh();
  });
  app.addHook("onClose", async () => {
    await Promise.all([...open.values()].map((queue) => queue.close()));
    await connection.quit().catch(() => {});
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: JOBS_BOARD_PATH });
}
