import { ProviderHealth } from "@ringflow/platform";
import { can } from "../../trpc.ts";
import { testProvider } from "../../services/providers/providers.ts";
import { testProviderSchema } from "./test-provider.schema.ts";

export const testProviderProcedure = can("providers.manage")
  .input(testProviderSchema)
  .mutation(({ ctx, input }) =>
    testProvider(ctx.db, ctx.tenantId, input.id, ctx.config, new ProviderHealth(ctx.redis)),
  );
