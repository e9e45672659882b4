import { can } from "../../trpc.ts";
import { setFlowArchived } from "../../services/flows/flows.ts";
import { restoreFlowSchema } from "./restore-flow.schema.ts";

export const restoreFlowProcedure = can("flows.edit")
  .input(restoreFlowSchema)
  .mutation(({ ctx, input }) => setFlowArchived(ctx.db, ctx.tenantId, ctx.actor, input.flowId, false));
