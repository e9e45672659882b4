import type { Db } from "@ringflow/db";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The agent an Enqueue block prefers, named the ways the product names agents: their id, their extension or
 * the email they sign in with (of the workspace only). None when nothing is named or nobody answers to it.
 */
export async function preferredAgentIds(db: Db, tenantId: string, named: string | undefined): Promise<string[]> {
  const value = named?.trim() ?? "";
  if (!value) return [];
  const agent = await db.agent.findFirst({
    where: {
      tenantId,
      OR: [
        ...(UUID.test(value) ? [{ id: value.toLowerCase() }] : []),
        { extension: value },
        { membership: { tenantId, user: { email: value.toLowerCase() } } },
      ],
    },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  return agent ? [agent.id] : [];
}
