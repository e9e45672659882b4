import { can } from "../../trpc.ts";
import { deleteProvider } from "../../services/providers/providers.ts";
import { deleteProviderSchema } from "./delete-provider.schema.ts";

export const deleteProviderProcedure = can("providers.manage")
  .input(deleteProviderSchema)
  .mutation(({ ctx, input }) => deleteProvider(ctx.db, ctx.tenantId, ctx.actor, input.id));
