import { authenticate } from "@ringflow/access";
import { recordAudit } from "../../services/audit/audit.ts";
import { publicProcedure } from "../../trpc.ts";

/**
 * Audits a signed-in person's refused attempt (who, when, from where, what) in their active workspace, then
 * lets the refusal through. Placed before `can(...)`, it sees the FORBIDDEN that `can` answers.
 */
export const refusalsAudited = publicProcedure.use(async ({ ctx, path, getRawInput, next }) => {
  const result = await next();
  if (result.ok || result.error.code !== "FORBIDDEN") return result;
  const found = await authenticate({ db: ctx.db }, ctx.sessionToken);
  const tenantId = found.ok ? found.session.activeTenantId : null;
  // Only in a workspace the person belongs to: a stranger's session writes nothing into anyone's log.
  const member =
    found.ok && tenantId ? await ctx.db.membership.count({ where: { tenantId, userId: found.user.id } }) : 0;
  if (found.ok && tenantId && member) {
    const input = (await getRawInput()) as { recordingId?: unknown } | undefined;
    const recordingId = typeof input?.recordingId === "string" ? input.recordingId : null;
    await recordAudit(
      ctx.db,
      tenantId,
      { userId: found.user.id, ipAddress: ctx.request.ip },
      {
        action: "recording.access-refused",
        targetType: "recording",
        targetId: recordingId,
        data: { procedure: path },
      },
    );
  }
  return result;
});
