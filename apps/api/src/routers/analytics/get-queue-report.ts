import { can } from "../../trpc.ts";
import { queueReport } from "../../services/analytics/reports.ts";
import { queueReportSchema } from "./analytics.schema.ts";

/** The supervisor's historical view: the wallboard's numbers over any days. */
export const getQueueReportProcedure = can("wallboard.view")
  .input(queueReportSchema)
  .query(({ ctx, input }) => queueReport(ctx.db, ctx.tenantId, input));
