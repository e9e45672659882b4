import { can } from "../../trpc.ts";
import { compareVersions } from "../../services/analytics/insights.ts";
import { compareVersionsSchema } from "./analytics.schema.ts";

export const compareVersionsProcedure = can("calls.read.all")
  .input(compareVersionsSchema)
  .query(({ ctx, input }) => compareVersions(ctx.db, ctx.tenantId, input));
