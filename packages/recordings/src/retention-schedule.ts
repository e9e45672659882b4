/**
 * When the daily retention job runs: 03:17 UTC, off the hour, when calls are fewest for most tenants. The job's
 * schedule and the builder's "deleted on" dates both come from here, so they cannot disagree.
 */
export const RETENTION_RUN_UTC = { hour: 3, minute: 17 } as const;

/** The job's repeat pattern (cron, UTC). */
export const RETENTION_CRON = `${RETENTION_RUN_UTC.minute} ${RETENTION_RUN_UTC.hour} * * *`;

const DAY_MS = 86_400_000;
const RUN_OFFSET_MS = (RETENTION_RUN_UTC.hour * 60 + RETENTION_RUN_UTC.minute) * 60_000;

/** The first run at or after `at` (the job deletes what is due by the time it runs). */
export function retentionRunAt(at: number): number {
  return Math.ceil((at - RUN_OFFSET_MS) / DAY_MS) * DAY_MS + RUN_OFFSET_MS;
}

/**
 * When a recording due at `deleteAfter` is deleted, seen at `now`: the first run after it is due; one already
 * overdue (the job has not come by since, or failed) goes at the next run.
 */
export function deletionRunFor(deleteAfter: number, now: number): number {
  return Math.max(retentionRunAt(deleteAfter), retentionRunAt(now));
}
