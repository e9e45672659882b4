import { publishAccessEvent } from "@ringflow/access";
import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";

/**
 * Tells every API process that what these agents' people may see changed (the queues they are members of), so
 * their open desktops show the queues they have now at once rather than at the next recheck.
 */
export async function publishQueueAccess(db: Db, redis: Redis, tenantId: string, agentIds: Iterable<string>) {
  const ids = [...new Set(agentIds)];
  if (!ids.length) return;
  const agents = await db.agent.findMany({
    where: { tenantId, id: { in: ids }, membershipId: { not: null } },
    select: { membership: { select: { userId: true } } },
  });
  const userIds = new Set(agents.flatMap((agent) => (agent.membership ? [agent.membership.userId] : [])));
  for (const userId of userIds) await publishAccessEvent(redis, { type: "access.changed", tenantId, userId });
}
