import { toJson, type Db, type DbTx } from "@ringflow/db";

/** Who did it: a signed-in user (with their address), or the CLI (no user). */
export interface Actor {
  userId: string | null;
  ipAddress: string | null;
}

export const cliActor: Actor = { userId: null, ipAddress: null };

export type AuditAction =
  | "flow.publish"
  | "flow.rollback"
  | "flow.archive"
  | "flow.restore"
  | "number.add"
  | "number.remove"
  | "number.bind"
  | "number.unbind"
  | "provider.create"
  | "provider.update"
  | "provider.delete"
  | "member.invite"
  | "member.invitation-revoke"
  | "member.join"
  | "member.role-change"
  | "member.remove"
  | "call.outbound"
  | "tenant.create"
  | "access.permission-change"
  | "recording.link"
  | "recording.listen"
  | "recording.download"
  | "recording.access-refused"
  | "transcript.search"
  | "call.view"
  | "call.legal-hold"
  | "call.legal-hold-release"
  | "analytics.time-zone-change"
  | "recordings.retention-change"
  | "api-token.create"
  | "api-token.revoke"
  | "webhook.create"
  | "webhook.update"
  | "webhook.delete"
  | "transcription.engine-change";

export async function recordAudit(
  db: Db | DbTx,
  tenantId: string,
  actor: Actor,
  entry: { action: AuditAction; targetType: string; targetId: string | null; data?: object },
) {
  await db.auditLog.create({
    data: {
      tenantId,
      actorUserId: actor.userId,
      ipAddress: actor.ipAddress,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      data: toJson(entry.data ?? {}),
    },
  });
}

/**
 * Like `recordAudit`, unless the same person did the same to the same target within `withinMs`: a page that
 * refreshes itself (a live call's details every few seconds) is one opening, not one a refresh.
 */
export async function recordAuditOnce(
  db: Db,
  tenantId: string,
  actor: Actor,
  entry: { action: AuditAction; targetType: string; targetId: string },
  withinMs: number,
) {
  const recent = await db.auditLog.findFirst({
    where: {
      tenantId,
      actorUserId: actor.userId,
      action: entry.action,
      targetId: entry.targetId,
      createdAt: { gte: new Date(Date.now() - withinMs) },
    },
    select: { id: true },
  });
  if (!recent) await recordAudit(db, tenantId, actor, entry);
}

export async function listAudit(
  db: Db,
  tenantId: string,
  query: {
    limit: number;
    before?: string | undefined;
    action?: string | undefined;
    targetId?: string | undefined;
  },
) {
  const rows = await db.auditLog.findMany({
    where: {
      tenantId,
      ...(query.before ? { id: { lt: BigInt(query.before) } } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.targetId ? { targetId: query.targetId } : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const actorIds = [...new Set(page.flatMap((row) => (row.actorUserId ? [row.actorUserId] : [])))];
  const actors = actorIds.length
    ? await db.user.findMany({
        where: { id: { in: actorIds }, memberships: { some: { tenantId } } },
        select: { id: true, email: true, name: true },
      })
    : [];
  const byId = new Map(actors.map((user) => [user.id, user]));
  return {
    entries: page.map((row) => ({
      id: row.id.toString(),
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      data: row.data,
      ipAddress: row.ipAddress,
      createdAt: row.createdAt,
      actor: row.actorUserId
        ? (byId.get(row.actorUserId) ?? { id: row.actorUserId, email: null, name: "Former member" })
        : null,
    })),
    nextCursor: rows.length > query.limit ? page.at(-1)!.id.toString() : null,
  };
}
