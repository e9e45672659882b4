import { can } from "../../trpc.ts";
import { agentReport } from "../../services/analytics/reports.ts";
import { agentReportSchema } from "./analytics.schema.ts";

export const getAgentReportProcedure = can("wallboard.view")
  .input(agentReportSchema)
  .query(({ ctx, input }) => agentReport(ctx.db, ctx.tenantId, input));
