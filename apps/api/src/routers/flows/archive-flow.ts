import { can } from "../../trpc.ts";
import { setFlowArchived } from "../../services/flows/flows.ts";
import { archiveFlowSchema } from "./archive-flow.schema.ts";

export const archiveFlowProcedure = can("flows.edit")
  .input(archiveFlowSchema)
  .mutation(({ ctx, input }) => setFlowArchived(ctx.db, ctx.tenantId, ctx.actor, input.flowId, true));
