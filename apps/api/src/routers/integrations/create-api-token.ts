import { createApiToken } from "../../services/integrations/api-tokens.ts";
import { can } from "../../trpc.ts";
import { createApiTokenSchema } from "./create-api-token.schema.ts";

export const createApiTokenProcedure = can("integrations.manage")
  .input(createApiTokenSchema)
  .mutation(({ ctx, input }) =>
    createApiToken(ctx.db, ctx.tenantId, { ...ctx.actor, permissions: ctx.permissions }, input),
  );
