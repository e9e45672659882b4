import { can } from "../../trpc.ts";
import { createProvider } from "../../services/providers/providers.ts";
import { createProviderSchema } from "./create-provider.schema.ts";

export const createProviderProcedure = can("providers.manage")
  .input(createProviderSchema)
  .mutation(({ ctx, input }) => createProvider(ctx.db, ctx.tenantId, ctx.actor, input, ctx.config));
