import { staffProcedure } from "../../trpc.ts";
import { diffDocuments } from "../../services/flows/versions.ts";
import { diffFlowSchema } from "./diff-flow.schema.ts";

export const diffFlowProcedure = staffProcedure
  .input(diffFlowSchema)
  .query(({ ctx, input }) => diffDocuments(ctx.db, ctx.tenantId, input));
