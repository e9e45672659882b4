import { can } from "../../trpc.ts";
import { createFlow } from "../../services/flows/flows.ts";
import { createFlowSchema } from "./create-flow.schema.ts";

export const createFlowProcedure = can("flows.edit")
  .input(createFlowSchema)
  .mutation(({ ctx, input }) => createFlow(ctx.db, ctx.tenantId, ctx.actor, input));
