import { can } from "../../trpc.ts";
import { importProviderNumbers } from "../../services/numbers/numbers.ts";
import { importProviderNumbersSchema } from "./import-provider-numbers.schema.ts";

export const importProviderNumbersProcedure = can("numbers.manage")
  .input(importProviderNumbersSchema)
  .mutation(({ ctx, input }) => importProviderNumbers(ctx.db, ctx.tenantId, ctx.actor, ctx.config, input));
