import type { Db, Prisma } from "@ringflow/db";
import type { QueueEngine } from "@ringflow/queues";
import { apiError, notFound } from "../../errors.ts";
import { isUniqueViolation } from "../tenants/workspaces.ts";
import type { CreateAgentInput } from "../../routers/agents/create-agent.schema.ts";
import type { UpdateAgentInput } from "../../routers/agents/update-agent.schema.ts";
import { syncAgent } from "./engine.ts";

export const agentView = {
  id: true,
  displayName: true,
  extension: true,
  skills: true,
  status: true,
  statusChangedAt: true,
  membershipId: true,
  membership: { select: { role: true, user: { select: { id: true, name: true, email: true } } } },
  queues: {
    orderBy: [{ priority: "desc" }, { queueId: "asc" }],
    select: { queueId: true, priority: true, queue: { select: { name: true } } },
  },
} satisfies Prisma.AgentSelect;

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

function conflict(error: unknown, input: { extension?: string | undefined }): never {
  if (isUniqueViolation(error))
    throw apiError("CONFLICT", `Extension ${input.extension ?? ""} belongs to another agent already.`);
  throw error;
}

export async function createAgent(db: Db, engine: QueueEngine, tenantId: string, input: CreateAgentInput) {
  await checkMembership(db, tenantId, input.membershipId);
  const agent = await db.agent
    .create({ data: { tenantId, ...input }, select: { id: true } })
    .catch((error: unknown) => conflict(error, input));
  await syncAgent(db, engine, tenantId, agent.id);
  return findAgent(db, tenantId, agent.id);
}

export async function updateAgent(db: Db, engine: QueueEngine, tenantId: string, input: UpdateAgentInput) {
  const { agentId, ...changes } = input;
  await findAgent(db, tenantId, agentId);
  await checkMembership(db, tenantId, changes.membershipId, agentId);
  await db.agent
    .update({ where: { id: agentId, tenantId }, data: changes })
    .catch((error: unknown) => conflict(error, changes));
  await syncAgent(db, engine, tenantId, agentId);
  return findAgent(db, tenantId, agentId);
}
