import { can } from "../../trpc.ts";
import { saveCaseFromCall } from "../../services/test-cases/save-from-call.ts";
import { saveTestCaseSchema } from "./save-test-case.schema.ts";

export const saveTestCaseProcedure = can("flows.edit")
  .input(saveTestCaseSchema)
  .mutation(({ ctx, input }) => saveCaseFromCall(ctx.db, ctx.tenantId, input));
