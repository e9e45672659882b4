import { can } from "../../trpc.ts";
import { getFlow } from "../../services/flows/flows.ts";
import { getFlowSchema } from "./get-flow.schema.ts";

export const getFlowProcedure = can("flows.read")
  .input(getFlowSchema)
  .query(({ ctx, input }) => getFlow(ctx.db, ctx.tenantId, input.flowId));
