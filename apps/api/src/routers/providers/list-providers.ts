import { can } from "../../trpc.ts";
import { listProviders } from "../../services/providers/providers.ts";

export const listProvidersProcedure = can("providers.manage").query(({ ctx }) =>
  listProviders(ctx.db, ctx.redis, ctx.tenantId),
);
