import { setFlowRetention, setRetention } from "../../services/recordings/retention-policy.ts";
import { can } from "../../trpc.ts";
import { setFlowRetentionSchema, setRetentionSchema } from "./set-retention.schema.ts";

/** How long the workspace keeps recordings, and what goes with them (those who may delete recordings). */
export const setRetentionProcedure = can("recordings.delete")
  .input(setRetentionSchema)
  .mutation(({ ctx, input }) => setRetention(ctx.db, ctx.tenantId, ctx.actor, input));

/** A flow's own days, or back to the workspace's rule. */
export const setFlowRetentionProcedure = can("recordings.delete")
  .input(setFlowRetentionSchema)
  .mutation(({ ctx, input }) => setFlowRetention(ctx.db, ctx.tenantId, ctx.actor, input));
