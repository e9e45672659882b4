import { QueueEngine } from "@ringflow/queues";
import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";

const engines = new WeakMap<Redis, QueueEngine>();

/** One engine per Redis connection (it defines its scripts on the connection once). */
export function queueEngine(redis: Redis): QueueEngine {
  let engine = engines.get(redis);
  if (!engine) {
    engine = new QueueEngine(redis, () => Date.now());
    engines.set(redis, engine);
  }
  return engine;
}

/**
 * Hands a queue's configuration from Postgres to the engine.
 * TODO(queues): replaced by the queues package's own sync once it lands; the fields are the models' today.
 */
export async function syncQueue(db: Db, engine: QueueEngine, tenantId: string, queueId: string) {
  const queue = await db.queue.findFirst({ where: { id: queueId, tenantId } });
  if (queue) await engine.configureQueue(tenantId, { queueId, maxWaitSeconds: queue.maxWaitSeconds });
}

/** Hands an agent's configuration (queues in member priority order) from Postgres to the engine. */
export async function syncAgent(db: Db, engine: QueueEngine, tenantId: string, agentId: string) {
  const agent = await db.agent.findFirst({
    where: { id: agentId, tenantId },
    include: { queues: { where: { tenantId }, orderBy: [{ priority: "desc" }, { queueId: "asc" }] } },
  });
  if (!agent) return;
  await engine.configureAgent(tenantId, {
    agentId,
    skills: Object.fromEntries(agent.skills.map((skill) => [skill, 1])),
    queueIds: agent.queues.map((member) => member.queueId),
  });
}
