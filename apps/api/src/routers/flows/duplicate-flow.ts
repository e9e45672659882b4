import { designerProcedure } from "../../trpc.ts";
import { duplicateFlow } from "../../services/flows/flows.ts";
import { duplicateFlowSchema } from "./duplicate-flow.schema.ts";

export const duplicateFlowProcedure = designerProcedure
  .input(duplicateFlowSchema)
  .mutation(({ ctx, input }) => duplicateFlow(ctx.db, ctx.tenantId, ctx.actor, input));
