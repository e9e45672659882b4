import { can } from "../../trpc.ts";
import { exportFlow } from "../../services/flows/import-export.ts";
import { exportFlowSchema } from "./export-flow.schema.ts";

export const exportFlowProcedure = can("flows.read")
  .input(exportFlowSchema)
  .query(({ ctx, input }) => exportFlow(ctx.db, ctx.tenantId, { flowId: input.flowId, ref: input.version }));
