import type { Db, Prisma } from "@ringflow/db";
import type { Permission } from "@ringflow/access";
import { browserIdentity } from "../queues/agents.ts";

/** The signed-in person acting on calls from the desktop or the wallboard. */
export interface DeskActor {
  tenantId: string;
  userId: string;
  membershipId: string;
  permissions: readonly Permission[];
}

/** Supervisors act on every call of the workspace (listen, whisper, barge, hold, transfer…); agents on their own. */
export const supervises = (actor: DeskActor) => actor.permissions.includes("agents.manage");

/** The agent the person signs in as, if any. */
export async function ownAgentId(db: Db, actor: DeskActor): Promise<string | null> {
  const agent = await db.agent.findFirst({
    where: { tenantId: actor.tenantId, membershipId: actor.membershipId },
    select: { id: true },
  });
  return agent?.id ?? null;
}

/** The calls the person sees in history and on contacts: all for those who read all calls, else their own. */
export async function visibleCalls(db: Db, actor: DeskActor): Promise<Prisma.CallWhereInput> {
  if (actor.permissions.includes("calls.read.all")) return {};
  const agentId = await ownAgentId(db, actor);
  return { OR: [...(agentId ? [{ agentId }] : []), { placedByUserId: actor.userId }] };
}

/** The Voice SDK identity the person's browser phone registers as: their agent's, else one for the person. */
export async function browserIdentityOf(db: Db, actor: DeskActor) {
  const agentId = await ownAgentId(db, actor);
  return agentId ? browserIdentity(agentId) : `user-${actor.userId}`;
}
