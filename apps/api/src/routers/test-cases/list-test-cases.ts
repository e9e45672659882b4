import { can } from "../../trpc.ts";
import { listCases } from "../../services/test-cases/draft-tests.ts";
import { flowRefSchema } from "./flow-ref.schema.ts";

export const listTestCasesProcedure = can("flows.read")
  .input(flowRefSchema)
  .query(({ ctx, input }) => listCases(ctx.db, ctx.tenantId, input.flowId));
