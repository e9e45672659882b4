import { revokeApiToken } from "../../services/integrations/api-tokens.ts";
import { can } from "../../trpc.ts";
import { revokeApiTokenSchema } from "./revoke-api-token.schema.ts";

export const revokeApiTokenProcedure = can("integrations.manage")
  .input(revokeApiTokenSchema)
  .mutation(({ ctx, input }) => revokeApiToken(ctx, ctx.tenantId, ctx.actor, input.tokenId));
