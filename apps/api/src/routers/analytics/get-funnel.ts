import { can } from "../../trpc.ts";
import { funnelReport } from "../../services/analytics/reports.ts";
import { funnelSchema } from "./analytics.schema.ts";

export const getFunnelProcedure = can("calls.read.all")
  .input(funnelSchema)
  .query(({ ctx, input }) => funnelReport(ctx.db, ctx.tenantId, input));
