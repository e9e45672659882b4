import { designerProcedure } from "../../trpc.ts";
import { renameFlow } from "../../services/flows/flows.ts";
import { renameFlowSchema } from "./rename-flow.schema.ts";

export const renameFlowProcedure = designerProcedure
  .input(renameFlowSchema)
  .mutation(({ ctx, input }) => renameFlow(ctx.db, ctx.tenantId, input));
