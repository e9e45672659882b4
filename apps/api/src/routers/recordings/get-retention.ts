import { retentionOverview } from "../../services/recordings/retention.ts";
import { can } from "../../trpc.ts";
import { getRetentionSchema } from "./get-retention.schema.ts";

/** What the retention job will delete when, and what legal holds keep (those who may delete recordings). */
export const getRetentionProcedure = can("recordings.delete")
  .input(getRetentionSchema)
  .query(({ ctx, input }) => retentionOverview(ctx.db, ctx.tenantId, input));
