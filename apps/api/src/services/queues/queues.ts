import * as z from "zod";
import type { Db, Prisma } from "@ringflow/db";
import { syncAgent, syncQueue, type QueueEngine } from "@ringflow/queues";
import { apiError, notFound } from "../../errors.ts";
import { isUniqueViolation } from "../tenants/workspaces.ts";
import type { CreateQueueInput } from "../../routers/queues/create-queue.schema.ts";
import type { UpdateQueueInput } from "../../routers/queues/update-queue.schema.ts";
import type { SetQueueMembersInput } from "../../routers/queues/set-queue-members.schema.ts";
import type { Redis } from "@ringflow/platform";
import { publishQueueAccess } from "./queue-access.ts";
import { checkSkills } from "./skills.ts";

const queueView = {
  id: true,
  name: true,
  description: true,
  strategy: true,
  maxWaitSeconds: true,
  maxSize: true,
  ringTimeoutSeconds: true,
  awayOnNoAnswer: true,
  wrapUpSeconds: true,
  serviceLevelSeconds: true,
  shortAbandonSeconds: true,
  allowSelfJoin: true,
  holdMusicUrl: true,
  createdAt: true,
  updatedAt: true,
  requiredSkills: {
    orderBy: { skillId: "asc" },
    select: { skillId: true, minLevel: true, skill: { select: { name: true } } },
  },
  members: {
    orderBy: [{ priority: "desc" }, { agentId: "asc" }],
    select: {
      agentId: true,
      priority: true,
      joined: true,
      agent: { select: { displayName: true, extension: true } },
    },
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

/** Writes a queue's fields and, when given, replaces its required skills, in one transaction. */
async function writeQueue(
  db: Db,
  tenantId: string,
  queueId: string | null,
  input: Partial<CreateQueueInput>,
) {
  const { requiredSkills, ...fields } = input;
  await checkSkills(db, tenantId, requiredSkills);
  try {
    return await db.$transaction(async (tx) => {
      const { id } = queueId
        ? await tx.queue.update({ where: { id: queueId, tenantId }, data: fields, select: { id: true } })
        : await tx.queue.create({
            data: { tenantId, ...(fields as Omit<CreateQueueInput, "requiredSkills">) },
            select: { id: true },
          });
      if (requiredSkills) {
        await tx.queueSkill.deleteMany({ where: { tenantId, queueId: id } });
        await tx.queueSkill.createMany({
          data: requiredSkills.map((s) => ({ tenantId, queueId: id, skillId: s.skillId, minLevel: s.level })),
        });
      }
      return id;
    });
  } catch (error) {
    if (isUniqueViolation(error) && fields.name) throw nameTaken(fields.name);
    throw error;
  }
}

export async function createQueue(db: Db, engine: QueueEngine, tenantId: string, input: CreateQueueInput) {
  const queueId = await writeQueue(db, tenantId, null, input);
  await syncQueue(db, engine, tenantId, queueId);
  return findQueue(db, tenantId, queueId);
}

export async function updateQueue(db: Db, engine: QueueEngine, tenantId: string, input: UpdateQueueInput) {
  const { queueId, ...changes } = input;
  await findQueue(db, tenantId, queueId);
  await writeQueue(db, tenantId, queueId, changes);
  await syncQueue(db, engine, tenantId, queueId);
  return findQueue(db, tenantId, queueId);
}

/** What a stored flow document needs to show which queues its blocks name (any schema version). */
const enqueueNodesSchema = z.object({
  nodes: z.array(z.object({ kind: z.string(), params: z.record(z.string(), z.unknown()) })),
});

/** The published flows (live versions and versions numbers are pinned to) whose Enqueue blocks name the queue. */
async function flowsUsingQueue(db: Db, tenantId: string, name: string) {
  const versions = await db.flowVersion.findMany({
    where: {
      tenantId,
      OR: [{ liveFor: { tenantId } }, { pinnedBindings: { some: { tenantId } } }],
    },
    select: { number: true, document: true, flow: { select: { name: true } } },
    orderBy: [{ flowId: "asc" }, { number: "asc" }],
  });
  const using = versions.filter((version) =>
    enqueueNodesSchema
      .safeParse(version.document)
      .data?.nodes.some((node) => node.kind === "enqueue" && node.params.queue === name),
  );
  return [...new Set(using.map((version) => `${version.flow.name} (version ${version.number})`))];
}

/**
 * Deletes a queue; its agents stop taking its calls at once, and the queue engine forgets it. Refused while
 * a published flow sends callers to it (naming the flows) or callers wait in it, as contact centers do.
 */
export async function deleteQueue(
  db: Db,
  engine: QueueEngine,
  redis: Redis,
  tenantId: string,
  queueId: string,
) {
  const queue = await findQueue(db, tenantId, queueId);
  const flows = await flowsUsingQueue(db, tenantId, queue.name);
  if (flows.length)
    throw apiError(
      "PRECONDITION_FAILED",
      `"${queue.name}" cannot be deleted: published flows send callers to it (${flows.join(", ")}). Change their Enqueue blocks to another queue and publish them first.`,
    );
  const removed = await engine.removeQueue(tenantId, queueId);
  if (removed.status === "busy") {
    const n = removed.position ?? 1;
    throw apiError(
      "PRECONDITION_FAILED",
      `"${queue.name}" cannot be deleted while ${n} caller${n === 1 ? " is" : "s are"} waiting in it. Try again once they have been answered.`,
    );
  }
  await db.queue.delete({ where: { id: queueId, tenantId } });
  for (const member of queue.members) await syncAgent(db, engine, tenantId, member.agentId);
  await publishQueueAccess(
    db,
    redis,
    tenantId,
    queue.members.map((member) => member.agentId),
  );
  return { id: queueId };
}

/**
 * The queue's agents, replaced as a whole: those left out leave it, new ones join it; an agent who left a
 * queue that allows leaving stays out (the admin's list says who may take its calls, the agent when).
 */
export async function setQueueMembers(
  db: Db,
  engine: QueueEngine,
  redis: Redis,
  tenantId: string,
  input: SetQueueMembersInput,
) {
  const before = await findQueue(db, tenantId, input.queueId);
  const agentIds = input.members.map((member) => member.agentId);
  const known = await db.agent.count({ where: { tenantId, id: { in: agentIds } } });
  if (known !== agentIds.length) throw notFound("One of these agents");
  const left = new Set(before.members.filter((m) => !m.joined).map((m) => m.agentId));
  await db.$transaction([
    db.queueMember.deleteMany({ where: { tenantId, queueId: input.queueId } }),
    db.queueMember.createMany({
      data: input.members.map((member) => ({
        tenantId,
        queueId: input.queueId,
        ...member,
        joined: !(before.allowSelfJoin && left.has(member.agentId)),
      })),
    }),
  ]);
  const touched = new Set([...before.members.map((member) => member.agentId), ...agentIds]);
  for (const agentId of touched) await syncAgent(db, engine, tenantId, agentId);
  await publishQueueAccess(db, redis, tenantId, touched);
  return findQueue(db, tenantId, input.queueId);
}
