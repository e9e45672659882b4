import { can } from "../../trpc.ts";
import { getVersion } from "../../services/flows/versions.ts";
import { getVersionSchema } from "./get-version.schema.ts";

export const getVersionProcedure = can("flows.read")
  .input(getVersionSchema)
  .query(({ ctx, input }) => getVersion(ctx.db, ctx.tenantId, input.flowId, input.number));
