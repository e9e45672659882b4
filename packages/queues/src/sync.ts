import type { AgentEndpointKind, Db, Prisma, QueueModel, QueueStrategy } from "@ringflow/db";
import type { QueueEngine } from "./queue-engine.ts";
import type { AgentConfig, EndpointKind, QueueConfig, RoutingStrategy } from "./queue-config.ts";

/**
 * Postgres holds the queue and agent configuration (the builder's queue screens change it); the engine holds
 * what routing needs, in Redis. The API syncs a queue or agent after each change, the runtime syncs all of a
 * tenant's on startup and one it does not know yet (an engine whose Redis lost it answers "unknown-…").
 */
const STRATEGY: Record<QueueStrategy, RoutingStrategy> = {
  LONGEST_IDLE: "longest-idle",
  ROUND_ROBIN: "round-robin",
  FEWEST_CALLS: "fewest-calls",
  RING_ALL: "ring-all",
  SKILLS: "skills",
};

export const ENDPOINT_KIND: Record<AgentEndpointKind, EndpointKind> = {
  TWILIO_CLIENT: "twilio-client",
  PHONE: "phone",
  SIP: "sip",
};

const queueSelect = {
  id: true,
  strategy: true,
  maxSize: true,
  maxWaitSeconds: true,
  ringTimeoutSeconds: true,
  awayOnNoAnswer: true,
  wrapUpSeconds: true,
} satisfies Prisma.QueueSelect;

const agentSelect = (tenantId: string) =>
  ({
    id: true,
    endpoints: { where: { tenantId }, orderBy: [{ position: "asc" }, { id: "asc" }] },
    skills: { where: { tenantId }, select: { level: true, skill: { select: { name: true } } } },
    queues: {
      where: { tenantId, joined: true },
      orderBy: [{ priority: "desc" }, { queueId: "asc" }],
      select: { queueId: true },
    },
  }) satisfies Prisma.AgentSelect;

type QueueRow = Pick<QueueModel, keyof typeof queueSelect>;

export function queueConfigOf(row: QueueRow): QueueConfig {
  return {
    queueId: row.id,
    strategy: STRATEGY[row.strategy],
    maxSize: row.maxSize,
    maxWaitSeconds: row.maxWaitSeconds,
    ringTimeoutSeconds: Math.max(1, row.ringTimeoutSeconds),
    awayOnNoAnswer: row.awayOnNoAnswer,
    wrapUpSeconds: row.wrapUpSeconds,
  };
}

export function agentConfigOf(row: {
  id: string;
  endpoints: { kind: AgentEndpointKind; address: string }[];
  skills: { level: number; skill: { name: string } }[];
  queues: { queueId: string }[];
}): AgentConfig {
  return {
    agentId: row.id,
    endpoints: row.endpoints.map((e) => ({ kind: ENDPOINT_KIND[e.kind], address: e.address })),
    skills: Object.fromEntries(row.skills.map((s) => [s.skill.name, s.level])),
    queueIds: row.queues.map((member) => member.queueId),
  };
}

/** Hands one queue's configuration to the engine; false when the tenant has no such queue. */
export async function syncQueue(db: Db, engine: QueueEngine, tenantId: string, queueId: string) {
  const row = await db.queue.findFirst({ where: { id: queueId, tenantId }, select: queueSelect });
  if (!row) return false;
  await engine.configureQueue(tenantId, queueConfigOf(row));
  return true;
}

/**
 * Hands one agent's configuration to the engine (endpoints in order, skills with levels, the queues the agent
 * has joined by member priority). An agent deleted in Postgres is signed out and takes no queue's calls.
 */
export async function syncAgent(db: Db, engine: QueueEngine, tenantId: string, agentId: string) {
  const row = await db.agent.findFirst({ where: { id: agentId, tenantId }, select: agentSelect(tenantId) });
  if (!row) {
    const gone = await engine.configureAgent(tenantId, { agentId, queueIds: [] });
    if (gone.status === "ok") await engine.setAgentState(tenantId, agentId, { state: "offline" });
    return false;
  }
  await engine.configureAgent(tenantId, agentConfigOf(row));
  return true;
}

/** Every queue and agent of a tenant; queues first, so the agents' queues are known when they are. */
export async function syncTenant(db: Db, engine: QueueEngine, tenantId: string) {
  const queues = await db.queue.findMany({ where: { tenantId }, select: queueSelect });
  for (const row of queues) await engine.configureQueue(tenantId, queueConfigOf(row));
  const agents = await db.agent.findMany({ where: { tenantId }, select: agentSelect(tenantId) });
  for (const row of agents) await engine.configureAgent(tenantId, agentConfigOf(row));
  return { queues: queues.length, agents: agents.length };
}

/** What a runtime process does on startup: every tenant that has queues. */
export async function syncAllTenants(db: Db, engine: QueueEngine) {
  // The one query across tenants: which tenants have queues at all; each is then synced on its own.
  const tenants = await db.tenant.findMany({ where: { queues: { some: {} } }, select: { id: true } });
  for (const { id } of tenants) await syncTenant(db, engine, id);
  return tenants.length;
}
