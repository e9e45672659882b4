import type { Db, DbTx } from "@ringflow/db";
import { syncAgent, type QueueEngine } from "@ringflow/queues";
import { apiError, notFound } from "../../errors.ts";
import { isUniqueViolation } from "../tenants/workspaces.ts";

export function listSkills(db: Db, tenantId: string) {
  return db.skill.findMany({
    where: { tenantId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, description: true },
  });
}

export async function createSkill(
  db: Db,
  tenantId: string,
  input: { name: string; description?: string | undefined },
) {
  try {
    return await db.skill.create({
      data: { tenantId, ...input },
      select: { id: true, name: true, description: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw apiError("CONFLICT", `A skill named "${input.name}" already exists.`);
    throw error;
  }
}

/** Deletes a skill: agents lose it at once and queues stop requiring it (the runtime reads that per call). */
export async function deleteSkill(db: Db, engine: QueueEngine, tenantId: string, skillId: string) {
  const skill = await db.skill.findFirst({
    where: { id: skillId, tenantId },
    select: { agents: { select: { agentId: true } } },
  });
  if (!skill) throw notFound("Skill");
  await db.skill.delete({ where: { id: skillId, tenantId } });
  for (const { agentId } of skill.agents) await syncAgent(db, engine, tenantId, agentId);
  return { id: skillId };
}

/** Every skill named belongs to the tenant. */
export async function checkSkills(
  db: Db | DbTx,
  tenantId: string,
  skills: readonly { skillId: string }[] | undefined,
) {
  if (!skills?.length) return;
  const found = await db.skill.count({ where: { tenantId, id: { in: skills.map((s) => s.skillId) } } });
  if (found !== skills.length) throw notFound("One of these skills");
}
