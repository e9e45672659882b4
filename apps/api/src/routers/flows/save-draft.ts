import { designerProcedure } from "../../trpc.ts";
import { saveDraft } from "../../services/flows/flows.ts";
import { saveDraftSchema } from "./save-draft.schema.ts";

export const saveDraftProcedure = designerProcedure
  .input(saveDraftSchema)
  .mutation(({ ctx, input }) => saveDraft(ctx.db, ctx.tenantId, ctx.actor, input));
