import { can } from "../../trpc.ts";
import { duplicateFlow } from "../../services/flows/flows.ts";
import { duplicateFlowSchema } from "./duplicate-flow.schema.ts";

export const duplicateFlowProcedure = can("flows.edit")
  .input(duplicateFlowSchema)
  .mutation(({ ctx, input }) => duplicateFlow(ctx.db, ctx.tenantId, ctx.actor, input));
