import { staffProcedure } from "../../trpc.ts";
import { listFlows } from "../../services/flows/flows.ts";
import { listFlowsSchema } from "./list-flows.schema.ts";

export const listFlowsProcedure = staffProcedure
  .input(listFlowsSchema)
  .query(({ ctx, input }) => listFlows(ctx.db, ctx.tenantId, input));
