import * as z from "zod";

/** Every minute: copies new queue events, then recounts the hours that new log rows or events fell in. */
export const ANALYTICS_ROLLUP_QUEUE = "analytics-rollup";

export const analyticsRollupJobSchema = z.object({
  /** A recount of one tenant's window (a backfill); without it, the incremental run. */
  tenantId: z.uuid().optional(),
  from: z.number().optional(),
  to: z.number().optional(),
});
export type AnalyticsRollupJob = z.infer<typeof analyticsRollupJobSchema>;

export const ANALYTICS_ROLLUP_SCHEDULE = { id: "every-minute", every: 60_000 };
