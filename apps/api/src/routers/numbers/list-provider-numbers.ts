import { can } from "../../trpc.ts";
import { listProviderNumbers } from "../../services/numbers/numbers.ts";
import { listProviderNumbersSchema } from "./list-provider-numbers.schema.ts";

export const listProviderNumbersProcedure = can("numbers.manage")
  .input(listProviderNumbersSchema)
  .query(({ ctx, input }) => listProviderNumbers(ctx.db, ctx.tenantId, ctx.config, input.providerAccountId));
