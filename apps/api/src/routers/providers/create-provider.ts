import { adminProcedure } from "../../trpc.ts";
import { createProvider } from "../../services/providers/providers.ts";
import { createProviderSchema } from "./create-provider.schema.ts";

export const createProviderProcedure = adminProcedure
  .input(createProviderSchema)
  .mutation(({ ctx, input }) => createProvider(ctx.db, ctx.tenantId, ctx.actor, input));
