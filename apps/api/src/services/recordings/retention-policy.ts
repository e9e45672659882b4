import { Prisma, type DbTx, type Db } from "@ringflow/db";
import { notFound } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import type {
  SetFlowRetentionInput,
  SetRetentionInput,
} from "../../routers/recordings/set-retention.schema.ts";

/**
 * Dates the kept recordings of the calls `scope` picks again: `days` after each was made, as the copy job
 * dates a new one. A shorter rule makes older recordings due at the next daily run.
 */
async function redate(tx: DbTx, tenantId: string, scope: Prisma.Sql, days: number): Promise<number> {
  return tx.$executeRaw`
    update "Recording" r set "deleteAfter" = r."createdAt" + make_interval(days => ${days}::int)
    from "Call" c left join "Flow" f on f.id = c."flowId" and f."tenantId" = c."tenantId"
    where c.id = r."callId" and c."tenantId" = r."tenantId" and r."tenantId" = ${tenantId}::uuid
      and r."deletedAt" is null and r."deleteAfter" is not null and ${scope}`;
}

/** The workspace's rule (its days, what goes with the audio); the recordings that follow it are dated again. */
export async function setRetention(db: Db, tenantId: string, actor: Actor, input: SetRetentionInput) {
  return db.$transaction(async (tx) => {
    const before = await tx.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: {
        recordingRetentionDays: true,
        retentionPurgesCallDetails: true,
        deleteProviderRecordings: true,
      },
    });
    await tx.tenant.update({
      where: { id: tenantId },
      data: {
        recordingRetentionDays: input.days,
        retentionPurgesCallDetails: input.purgesCallDetails,
        deleteProviderRecordings: input.deletesAtProvider,
      },
    });
    const redated =
      before.recordingRetentionDays === input.days
        ? 0
        : await redate(tx, tenantId, Prisma.sql`f."recordingRetentionDays" is null`, input.days);
    await recordAudit(tx, tenantId, actor, {
      action: "recordings.retention-change",
      targetType: "tenant",
      targetId: tenantId,
      data: {
        from: {
          days: before.recordingRetentionDays,
          purgesCallDetails: before.retentionPurgesCallDetails,
          deletesAtProvider: before.deleteProviderRecordings,
        },
        to: input,
        redated,
      },
    });
    return { redated };
  });
}

/** A flow's own days (null: the workspace's); that flow's kept recordings are dated again. */
export async function setFlowRetention(db: Db, tenantId: string, actor: Actor, input: SetFlowRetentionInput) {
  return db.$transaction(async (tx) => {
    const flow = await tx.flow.findFirst({
      where: { id: input.flowId, tenantId },
      select: {
        id: true,
        recordingRetentionDays: true,
        tenant: { select: { recordingRetentionDays: true } },
      },
    });
    if (!flow) throw notFound("Flow");
    await tx.flow.updateMany({
      where: { id: flow.id, tenantId },
      data: { recordingRetentionDays: input.days },
    });
    const redated = await redate(
      tx,
      tenantId,
      Prisma.sql`c."flowId" = ${flow.id}::uuid`,
      input.days ?? flow.tenant.recordingRetentionDays,
    );
    await recordAudit(tx, tenantId, actor, {
      action: "recordings.retention-change",
      targetType: "flow",
      targetId: flow.id,
      data: { from: flow.recordingRetentionDays, to: input.days, redated },
    });
    return { redated };
  });
}
