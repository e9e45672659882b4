import { can } from "../../trpc.ts";
import { volumeReport } from "../../services/analytics/reports.ts";
import { volumeSchema } from "./analytics.schema.ts";

export const getVolumeProcedure = can("calls.read.all")
  .input(volumeSchema)
  .query(({ ctx, input }) => volumeReport(ctx.db, ctx.tenantId, input));
