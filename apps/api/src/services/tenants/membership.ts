import type { Db } from "@ringflow/db";
import { apiError } from "../../errors.ts";

/**
 * The membership a session acts through: its active workspace, or the user's first one when none is
 * chosen yet. A session pointing at a workspace the user does not belong to (removed, or tampered) is refused.
 */
export async function resolveMembership(
  db: Db,
  session: { id: string; userId: string; activeTenantId: string | null },
) {
  if (session.activeTenantId) {
    const membership = await db.membership.findUnique({
      where: { tenantId_userId: { tenantId: session.activeTenantId, userId: session.userId } },
    });
    if (!membership) throw apiError("FORBIDDEN", "You are not a member of this workspace.");
    return membership;
  }
  const first = await db.membership.findFirst({
    where: { userId: session.userId },
    orderBy: { createdAt: "asc" },
  });
  if (!first) throw apiError("FORBIDDEN", "You are not a member of any workspace yet.");
  await db.session.update({ where: { id: session.id }, data: { activeTenantId: first.tenantId } });
  return first;
}

/** Makes one of the user's workspaces the session's active one. */
export async function switchActiveTenant(db: Db, session: { id: string; userId: string }, tenantId: string) {
  const membership = await db.membership.findUnique({
    where: { tenantId_userId: { tenantId, userId: session.userId } },
    select: { tenantId: true, role: true },
  });
  if (!membership) throw apiError("FORBIDDEN", "You are not a member of this workspace.");
  await db.session.update({ where: { id: session.id }, data: { activeTenantId: membership.tenantId } });
  return membership;
}
