import { can } from "../../trpc.ts";
import { deleteCase } from "../../services/test-cases/draft-tests.ts";
import { testCaseRefSchema } from "./rename-test-case.schema.ts";

export const deleteTestCaseProcedure = can("flows.edit")
  .input(testCaseRefSchema)
  .mutation(({ ctx, input }) => deleteCase(ctx.db, ctx.tenantId, input));
