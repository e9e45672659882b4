import { can } from "../../trpc.ts";
import { renameFlow } from "../../services/flows/flows.ts";
import { renameFlowSchema } from "./rename-flow.schema.ts";

export const renameFlowProcedure = can("flows.edit")
  .input(renameFlowSchema)
  .mutation(({ ctx, input }) => renameFlow(ctx.db, ctx.tenantId, input));
