import { can } from "../../trpc.ts";
import { rollbackFlow } from "../../services/flows/versions.ts";
import { rollbackFlowSchema } from "./rollback-flow.schema.ts";

export const rollbackFlowProcedure = can("flows.publish")
  .input(rollbackFlowSchema)
  .mutation(({ ctx, input }) => rollbackFlow(ctx.db, ctx.tenantId, ctx.actor, input));
