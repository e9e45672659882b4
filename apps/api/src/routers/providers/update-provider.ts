import { can } from "../../trpc.ts";
import { updateProvider } from "../../services/providers/providers.ts";
import { updateProviderSchema } from "./update-provider.schema.ts";

export const updateProviderProcedure = can("providers.manage")
  .input(updateProviderSchema)
  .mutation(({ ctx, input }) => updateProvider(ctx.db, ctx.tenantId, ctx.actor, input, ctx.config));
