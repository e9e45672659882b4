import { staffProcedure } from "../../trpc.ts";
import { getFlow } from "../../services/flows/flows.ts";
import { getFlowSchema } from "./get-flow.schema.ts";

export const getFlowProcedure = staffProcedure
  .input(getFlowSchema)
  .query(({ ctx, input }) => getFlow(ctx.db, ctx.tenantId, input.flowId));
