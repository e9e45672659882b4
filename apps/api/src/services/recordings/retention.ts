import { localDay } from "@ringflow/analytics";
import { Prisma, type Db } from "@ringflow/db";
import { deletionRunFor, RETENTION_RUN_UTC } from "@ringflow/recordings";
import { notFound } from "../../errors.ts";
import { tenantTimeZone } from "../analytics/range.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import type { RetentionInput } from "../../routers/recordings/get-retention.schema.ts";
import type { SetLegalHoldInput } from "../../routers/recordings/set-legal-hold.schema.ts";

const DAY_MS = 86_400_000;
/** The recordings listed one by one (the soonest deleted first); the days' counts cover all of them. */
const LISTED = 50;
const HOLDS_LISTED = 100;
/** Minutes after midnight UTC of the daily run: a recording due up to then goes at that day's run. */
const RUN_MINUTES = RETENTION_RUN_UTC.hour * 60 + RETENTION_RUN_UTC.minute;

/** Recordings the retention job will delete: kept (copied, not deleted) and their call not on legal hold. */
const due = (tenantId: string) => Prisma.sql`
  from "Recording" r join "Call" c on c.id = r."callId" and c."tenantId" = r."tenantId"
  where r."tenantId" = ${tenantId}::uuid and r."deletedAt" is null and r."deleteAfter" is not null
    and c."legalHoldAt" is null`;

/**
 * What will be deleted when, for the workspace's admins: the rules (the workspace's days, each flow's own),
 * the recordings deleted on each of the next `days` days (in the workspace's time zone, at the daily run), the
 * soonest ones by name, and the calls on legal hold, which nothing deletes.
 */
export async function retentionOverview(db: Db, tenantId: string, input: RetentionInput, now = Date.now()) {
  const until = new Date(now + input.days * DAY_MS);
  const [tenant, timeZone, flows, byRun, byFlow, soonest, holds, waiting, deleted] = await Promise.all([
    db.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: {
        recordingRetentionDays: true,
        retentionPurgesCallDetails: true,
        deleteProviderRecordings: true,
      },
    }),
    tenantTimeZone(db, tenantId),
    db.flow.findMany({
      where: { tenantId },
      select: { id: true, name: true, recordingRetentionDays: true, archivedAt: true },
      orderBy: { name: "asc" },
    }),
    // Grouped by the exact deletion time of the job's run at or after each deleteAfter (few distinct ones).
    db.$queryRaw<{ deleteAfter: Date; recordings: number; calls: number; bytes: number }[]>`
      select max(r."deleteAfter") as "deleteAfter", count(*)::int as recordings,
             count(distinct r."callId")::int as calls, coalesce(sum(r."sizeBytes"), 0)::float8 as bytes
      ${due(tenantId)} and r."deleteAfter" < ${until}
      group by date_trunc('day', r."deleteAfter" - ${RUN_MINUTES}::int * interval '1 minute' - interval '1 millisecond')`,
    db.$queryRaw<{ flowId: string | null; recordings: number; next: Date | null }[]>`
      select c."flowId"::text as "flowId", count(*)::int as recordings, min(r."deleteAfter") as next
      ${due(tenantId)} group by c."flowId"`,
    db.recording.findMany({
      where: { tenantId, deletedAt: null, deleteAfter: { not: null }, call: { is: { legalHoldAt: null } } },
      orderBy: [{ deleteAfter: "asc" }, { id: "asc" }],
      take: LISTED,
      select: {
        id: true,
        kind: true,
        mailbox: true,
        durationSeconds: true,
        deleteAfter: true,
        call: {
          select: {
            id: true,
            fromNumber: true,
            startedAt: true,
            flow: { select: { id: true, name: true, recordingRetentionDays: true } },
          },
        },
      },
    }),
    db.call.findMany({
      where: { tenantId, legalHoldAt: { not: null } },
      orderBy: [{ legalHoldAt: "desc" }, { id: "asc" }],
      take: HOLDS_LISTED,
      select: {
        id: true,
        fromNumber: true,
        startedAt: true,
        legalHoldAt: true,
        legalHoldReason: true,
        _count: { select: { recordings: { where: { tenantId, deletedAt: null } } } },
      },
    }),
    // Not copied yet: their date is set when Ringflow holds the audio.
    db.recording.count({ where: { tenantId, deletedAt: null, deleteAfter: null } }),
    db.recordingDeletion.count({ where: { tenantId, deletedAt: { gte: new Date(now - 30 * DAY_MS) } } }),
  ]);

  const days = new Map<string, { day: string; recordings: number; calls: number; bytes: number }>();
  for (const row of byRun) {
    const day = localDay(deletionRunFor(row.deleteAfter.getTime(), now), timeZone);
    const d = days.get(day) ?? { day, recordings: 0, calls: 0, bytes: 0 };
    d.recordings += row.recordings;
    d.calls += row.calls;
    d.bytes += row.bytes;
    days.set(day, d);
  }
  const kept = new Map(byFlow.map((f) => [f.flowId, f]));
  const deletesOn = (deleteAfter: Date | null) =>
    deleteAfter ? localDay(deletionRunFor(deleteAfter.getTime(), now), timeZone) : null;
  return {
    timeZone,
    workspace: {
      days: tenant.recordingRetentionDays,
      purgesCallDetails: tenant.retentionPurgesCallDetails,
      deletesAtProvider: tenant.deleteProviderRecordings,
    },
    flows: flows
      .filter((f) => !f.archivedAt || kept.has(f.id))
      .map((f) => ({
        flowId: f.id,
        name: f.name,
        /** null: the workspace's days. */
        ownDays: f.recordingRetentionDays,
        days: f.recordingRetentionDays ?? tenant.recordingRetentionDays,
        recordings: kept.get(f.id)?.recordings ?? 0,
        nextDeletionDay: deletesOn(kept.get(f.id)?.next ?? null),
      })),
    upcoming: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    soonest: soonest.map((r) => ({
      recordingId: r.id,
      kind: r.kind,
      mailbox: r.mailbox,
      durationSeconds: r.durationSeconds,
      callId: r.call.id,
      fromNumber: r.call.fromNumber,
      callStartedAt: r.call.startedAt.toISOString(),
      flowName: r.call.flow?.name ?? null,
      /** Which rule set the date: the flow's own days, else the workspace's. */
      rule: r.call.flow?.recordingRetentionDays != null ? ("flow" as const) : ("workspace" as const),
      deletesOn: deletesOn(r.deleteAfter),
    })),
    legalHolds: holds.map((c) => ({
      callId: c.id,
      fromNumber: c.fromNumber,
      callStartedAt: c.startedAt.toISOString(),
      heldSince: (c.legalHoldAt as Date).toISOString(),
      reason: c.legalHoldReason,
      recordings: c._count.recordings,
    })),
    notCopiedYet: waiting,
    deletedLast30Days: deleted,
  };
}

/** Puts a call on legal hold (nothing of it is deleted while it is) or releases it; audited either way. */
export async function setLegalHold(db: Db, tenantId: string, actor: Actor, input: SetLegalHoldInput) {
  return db.$transaction(async (tx) => {
    const call = await tx.call.findFirst({
      where: { id: input.callId, tenantId },
      select: { id: true, legalHoldAt: true },
    });
    if (!call) throw notFound("Call");
    const at = input.hold ? (call.legalHoldAt ?? new Date()) : null;
    await tx.call.updateMany({
      where: { id: call.id, tenantId },
      data: { legalHoldAt: at, legalHoldReason: input.hold ? input.reason : null },
    });
    await recordAudit(tx, tenantId, actor, {
      action: input.hold ? "call.legal-hold" : "call.legal-hold-release",
      targetType: "call",
      targetId: call.id,
      data: input.hold ? { reason: input.reason } : {},
    });
    return { callId: call.id, legalHold: at !== null, heldSince: at?.toISOString() ?? null };
  });
}
