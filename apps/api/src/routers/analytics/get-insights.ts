import { can } from "../../trpc.ts";
import { flowInsights } from "../../services/analytics/insights.ts";
import { insightsSchema } from "./analytics.schema.ts";

/** Counts on the canvas: per block and exit of one version, and drop-offs in words. */
export const getInsightsProcedure = can("calls.read.all")
  .input(insightsSchema)
  .query(({ ctx, input }) => flowInsights(ctx.db, ctx.tenantId, input));
