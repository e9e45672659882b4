import type { Db, Prisma } from "@ringflow/db";
import type { QueueEngine } from "@ringflow/queues";
import { apiError, notFound } from "../../errors.ts";
import { isUniqueViolation } from "../tenants/workspaces.ts";
import type { CreateQueueInput } from "../../routers/queues/create-queue.schema.ts";
import type { UpdateQueueInput } from "../../routers/queues/update-queue.schema.ts";
import type { SetQueueMembersInput } from "../../routers/queues/set-queue-members.schema.ts";
import { syncAgent, syncQueue } from "./engine.ts";

const queueView = {
  id: true,
  name: true,
  description: true,
  maxWaitSeconds: true,
  holdMusicUrl: true,
  skills: true,
  createdAt: true,
  updatedAt: true,
  members: {
    orderBy: [{ priority: "desc" }, { agentId: "asc" }],
    select: { agentId: true, priority: true, agent: { select: { displayName: true, extension: true } } },
  },
} satisfies Prisma.QueueSelect;

export function listQueues(db: Db, tenantId: string) {
  return db.queue.findMany({ where: { tenantId }, orderBy: { name: "asc" }, select: queueView });
}

export async function findQueue(db: Db, tenantId: string, queueId: string) {
  const queue = await db.queue.findFirst({ where: { id: queueId, tenantId }, select: queueView });
  if (!queue) throw notFound("Queue");
  return queue;
}

const nameTaken = (name: string) => apiError("CONFLICT", `A queue named "${name}" already exists.`);

export async function createQueue(db: Db, engine: QueueEngine, tenantId: string, input: CreateQueueInput) {
  try {
    const queue = await db.queue.create({ data: { tenantId, ...input }, select: { id: true } });
    await syncQueue(db, engine, tenantId, queue.id);
    return findQueue(db, tenantId, queue.id);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

export async function updateQueue(db: Db, engine: QueueEngine, tenantId: string, input: UpdateQueueInput) {
  const { queueId, ...changes } = input;
  await findQueue(db, tenantId, queueId);
  try {
    await db.queue.update({ where: { id: queueId, tenantId }, data: changes });
  } catch (error) {
    if (isUniqueViolation(error) && changes.name) throw nameTaken(changes.name);
    throw error;
  }
  await syncQueue(db, engine, tenantId, queueId);
  return findQueue(db, tenantId, queueId);
}

/** Deletes a queue; its agents stop taking its calls at once. */
export async function deleteQueue(db: Db, engine: QueueEngine, tenantId: string, queueId: string) {
  const queue = await findQueue(db, tenantId, queueId);
  await db.queue.delete({ where: { id: queueId, tenantId } });
  for (const member of queue.members) await syncAgent(db, engine, tenantId, member.agentId);
  return { id: queueId };
}

/** The queue's agents, replaced as a whole: those left out leave it, the others take its calls. */
export async function setQueueMembers(
  db: Db,
  engine: QueueEngine,
  tenantId: string,
  input: SetQueueMembersInput,
) {
  const before = await findQueue(db, tenantId, input.queueId);
  const agentIds = input.members.map((member) => member.agentId);
  const known = await db.agent.count({ where: { tenantId, id: { in: agentIds } } });
  if (known !== new Set(agentIds).size) throw notFound("One of these agents");
  await db.$transaction([
    db.queueMember.deleteMany({ where: { tenantId, queueId: input.queueId } }),
    db.queueMember.createMany({
      data: input.members.map((member) => ({ tenantId, queueId: input.queueId, ...member })),
    }),
  ]);
  const touched = new Set([...before.members.map((member) => member.agentId), ...agentIds]);
  for (const agentId of touched) await syncAgent(db, engine, tenantId, agentId);
  return findQueue(db, tenantId, input.queueId);
}
