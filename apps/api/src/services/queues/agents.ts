import type { Db, DbTx, Prisma } from "@ringflow/db";
import { syncAgent, type QueueEngine } from "@ringflow/queues";
import { apiError, notFound } from "../../errors.ts";
import { isUniqueViolation } from "../tenants/workspaces.ts";
import type { CreateAgentInput } from "../../routers/agents/create-agent.schema.ts";
import type { UpdateAgentInput } from "../../routers/agents/update-agent.schema.ts";
import { publishAccessEvent } from "@ringflow/access";
import type { Redis } from "@ringflow/platform";
import { publishQueueAccess } from "./queue-access.ts";
import { checkSkills } from "./skills.ts";

export const agentView = {
  id: true,
  displayName: true,
  extension: true,
  status: true,
  statusChangedAt: true,
  membershipId: true,
  membership: { select: { role: true, user: { select: { id: true, name: true, email: true } } } },
  skills: {
    orderBy: { skillId: "asc" },
    select: { skillId: true, level: true, skill: { select: { name: true } } },
  },
  endpoints: { orderBy: [{ position: "asc" }, { id: "asc" }], select: { kind: true, address: true } },
  queues: {
    orderBy: [{ priority: "desc" }, { queueId: "asc" }],
    select: {
      queueId: true,
      priority: true,
      joined: true,
      queue: { select: { name: true, allowSelfJoin: true } },
    },
  },
} satisfies Prisma.AgentSelect;

/** The Voice SDK identity of an agent's browser phone: what its Access Token names and the runtime rings. */
export const browserIdentity = (agentId: string) => `agent-${agentId}`;

export function listAgents(db: Db, tenantId: string) {
  return db.agent.findMany({ where: { tenantId }, orderBy: { displayName: "asc" }, select: agentView });
}

export async function findAgent(db: Db, tenantId: string, agentId: string) {
  const agent = await db.agent.findFirst({ where: { id: agentId, tenantId }, select: agentView });
  if (!agent) throw notFound("Agent");
  return agent;
}

/** The signed-in member's own agent; a member who is not an agent is told so. */
export async function agentOfMembership(db: Db, tenantId: string, membershipId: string) {
  const agent = await db.agent.findFirst({ where: { tenantId, membershipId }, select: agentView });
  if (!agent)
    throw apiError(
      "PRECONDITION_FAILED",
      "You are not set up as an agent in this workspace. Ask an admin to add you.",
    );
  return agent;
}

/** A member signs in as one agent at most; the extension is the only other thing two agents cannot share. */
async function checkMembership(
  db: Db,
  tenantId: string,
  membershipId: string | null | undefined,
  agentId?: string,
) {
  if (!membershipId) return;
  const found = await db.membership.findFirst({
    where: { id: membershipId, tenantId },
    select: { agent: { select: { id: true } } },
  });
  if (!found) throw notFound("Member");
  if (found.agent && found.agent.id !== agentId)
    throw apiError("CONFLICT", "This member is already linked to another agent.");
}

/** Writes an agent's fields and, when given, replaces its skills and endpoints, in one transaction. */
async function writeAgent(
  db: Db,
  tenantId: string,
  agentId: string | null,
  input: Partial<CreateAgentInput>,
) {
  const { skills, endpoints, ...fields } = input;
  await checkMembership(db, tenantId, fields.membershipId, agentId ?? undefined);
  await checkSkills(db, tenantId, skills);
  try {
    return await db.$transaction(async (tx) => {
      const { id } = agentId
        ? await tx.agent.update({ where: { id: agentId, tenantId }, data: fields, select: { id: true } })
        : await tx.agent.create({
            data: { tenantId, ...(fields as Omit<CreateAgentInput, "skills" | "endpoints">) },
            select: { id: true },
          });
      if (skills) await replaceSkills(tx, tenantId, id, skills);
      // A new agent without endpoints answers in the browser.
      const wanted =
        endpoints ?? (agentId ? null : [{ kind: "TWILIO_CLIENT" as const, address: browserIdentity(id) }]);
      if (wanted) {
        await tx.agentEndpoint.deleteMany({ where: { tenantId, agentId: id } });
        await tx.agentEndpoint.createMany({
          data: wanted.map((e, position) => ({ tenantId, agentId: id, ...e, position })),
        });
      }
      return id;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw apiError("CONFLICT", `Extension ${fields.extension ?? ""} belongs to another agent already.`);
    throw error;
  }
}

async function replaceSkills(
  tx: DbTx,
  tenantId: string,
  agentId: string,
  skills: { skillId: string; level: number }[],
) {
  await tx.agentSkill.deleteMany({ where: { tenantId, agentId } });
  await tx.agentSkill.createMany({ data: skills.map((s) => ({ tenantId, agentId, ...s })) });
}

export async function createAgent(
  db: Db,
  engine: QueueEngine,
  redis: Redis,
  tenantId: string,
  input: CreateAgentInput,
) {
  const agentId = await writeAgent(db, tenantId, null, input);
  await syncAgent(db, engine, tenantId, agentId);
  // A member linked to the new agent: their open desktop becomes the agent's at once.
  await publishQueueAccess(db, redis, tenantId, [agentId]);
  return findAgent(db, tenantId, agentId);
}

export async function updateAgent(
  db: Db,
  engine: QueueEngine,
  redis: Redis,
  tenantId: string,
  input: UpdateAgentInput,
) {
  const { agentId, ...changes } = input;
  const before = await findAgent(db, tenantId, agentId);
  await writeAgent(db, tenantId, agentId, changes);
  await syncAgent(db, engine, tenantId, agentId);
  const after = await findAgent(db, tenantId, agentId);
  if (before.membershipId !== after.membershipId) {
    // The member linked before no longer is this agent; the one linked now is, on their open desktop too.
    await publishQueueAccess(db, redis, tenantId, [agentId]);
    if (before.membership)
      await publishAccessEvent(redis, {
        type: "access.changed",
        tenantId,
        userId: before.membership.user.id,
      });
  }
  return after;
}

/**
 * An agent joins or leaves one of their queues that allows it (or joins one that allows it they are not in
 * yet); a queue the admin manages alone is refused in words.
 */
export async function setQueueJoined(
  db: Db,
  engine: QueueEngine,
  redis: Redis,
  tenantId: string,
  agentId: string,
  input: { queueId: string; joined: boolean },
) {
  const queue = await db.queue.findFirst({
    where: { id: input.queueId, tenantId },
    select: { name: true, allowSelfJoin: true },
  });
  if (!queue) throw notFound("Queue");
  if (!queue.allowSelfJoin)
    throw apiError(
      "FORBIDDEN",
      `Agents cannot ${input.joined ? "join" : "leave"} "${queue.name}" themselves; ask an admin.`,
    );
  await db.queueMember.upsert({
    where: { queueId_agentId: { queueId: input.queueId, agentId }, tenantId },
    create: { tenantId, queueId: input.queueId, agentId, joined: input.joined },
    update: { joined: input.joined },
  });
  await syncAgent(db, engine, tenantId, agentId);
  await publishQueueAccess(db, redis, tenantId, [agentId]);
  return findAgent(db, tenantId, agentId);
}
