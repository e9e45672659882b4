import { router } from "../../trpc.ts";
import { createApiTokenProcedure } from "./create-api-token.ts";
import { listApiTokensProcedure } from "./list-api-tokens.ts";
import { revokeApiTokenProcedure } from "./revoke-api-token.ts";

export const integrationsRouter = router({
  createApiToken: createApiTokenProcedure,
  listApiTokens: listApiTokensProcedure,
  revokeApiToken: revokeApiTokenProcedure,
});
