import { can } from "../../trpc.ts";
import { renameCase } from "../../services/test-cases/draft-tests.ts";
import { renameTestCaseSchema } from "./rename-test-case.schema.ts";

export const renameTestCaseProcedure = can("flows.edit")
  .input(renameTestCaseSchema)
  .mutation(({ ctx, input }) => renameCase(ctx.db, ctx.tenantId, input));
