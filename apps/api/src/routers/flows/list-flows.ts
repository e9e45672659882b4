import { can } from "../../trpc.ts";
import { listFlows } from "../../services/flows/flows.ts";
import { listFlowsSchema } from "./list-flows.schema.ts";

export const listFlowsProcedure = can("flows.read")
  .input(listFlowsSchema)
  .query(({ ctx, input }) => listFlows(ctx.db, ctx.tenantId, input));
