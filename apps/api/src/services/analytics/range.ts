import { localDay, localDayStart } from "@ringflow/analytics";
import type { Db } from "@ringflow/db";
import { recordAudit, type Actor } from "../audit/audit.ts";

const DAY_MS = 86_400_000;

/** The tenant's time zone (UTC until it sets one). */
export async function tenantTimeZone(db: Db, tenantId: string): Promise<string> {
  const setting = await db.analyticsSetting.findUnique({ where: { tenantId }, select: { timeZone: true } });
  return setting?.timeZone ?? "UTC";
}

/**
 * Sets the workspace's time zone, audited. The analytics rollup sees the change on its next run and recounts
 * the workspace's hours in the new zone (half-hour zones begin their hours elsewhere).
 */
export async function setTenantTimeZone(db: Db, tenantId: string, actor: Actor, timeZone: string) {
  const before = await tenantTimeZone(db, tenantId);
  await db.analyticsSetting.upsert({
    where: { tenantId },
    create: { tenantId, timeZone },
    update: { timeZone },
  });
  if (before !== timeZone)
    await recordAudit(db, tenantId, actor, {
      action: "analytics.time-zone-change",
      targetType: "tenant",
      targetId: tenantId,
      data: { from: before, to: timeZone },
    });
  return { timeZone };
}

/** Local days `from` to `to` (both included) as the instants that bound their hours. */
export async function dayRange(db: Db, tenantId: string, range: { from: string; to: string }) {
  const timeZone = await tenantTimeZone(db, tenantId);
  const start = localDayStart(range.from, timeZone);
  // The day after `to` begins at most 26 hours after its own start (a clock change): take its local start.
  const end = localDayStart(
    localDay(localDayStart(range.to, timeZone) + DAY_MS + 2 * 3_600_000, timeZone),
    timeZone,
  );
  return { timeZone, start, end, hour: { gte: new Date(start), lt: new Date(end) } };
}
export type DayRange = Awaited<ReturnType<typeof dayRange>>;

/** Every local day of the range, in order (for series without gaps). */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let at = range.start; at < range.end; at += DAY_MS) {
    const day = localDay(at + 3 * 3_600_000, range.timeZone);
    if (days[days.length - 1] !== day) days.push(day);
  }
  return days;
}
