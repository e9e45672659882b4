import { can } from "../../trpc.ts";
import { saveDraft } from "../../services/flows/flows.ts";
import { saveDraftSchema } from "./save-draft.schema.ts";

export const saveDraftProcedure = can("flows.edit")
  .input(saveDraftSchema)
  .mutation(({ ctx, input }) => saveDraft(ctx.db, ctx.tenantId, ctx.actor, input));
