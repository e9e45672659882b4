import { listApiTokens } from "../../services/integrations/api-tokens.ts";
import { can } from "../../trpc.ts";

export const listApiTokensProcedure = can("integrations.manage").query(({ ctx }) =>
  listApiTokens(ctx.db, ctx.tenantId),
);
