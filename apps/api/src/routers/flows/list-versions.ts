import { can } from "../../trpc.ts";
import { listVersions } from "../../services/flows/versions.ts";
import { listVersionsSchema } from "./list-versions.schema.ts";

export const listVersionsProcedure = can("flows.read")
  .input(listVersionsSchema)
  .query(({ ctx, input }) => listVersions(ctx.db, ctx.tenantId, input.flowId));
