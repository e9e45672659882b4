import { can } from "../../trpc.ts";
import { diffDocuments } from "../../services/flows/versions.ts";
import { diffFlowSchema } from "./diff-flow.schema.ts";

export const diffFlowProcedure = can("flows.read")
  .input(diffFlowSchema)
  .query(({ ctx, input }) => diffDocuments(ctx.db, ctx.tenantId, input));
