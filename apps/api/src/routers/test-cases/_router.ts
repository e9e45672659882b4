import { router } from "../../trpc.ts";
import { deleteTestCaseProcedure } from "./delete-test-case.ts";
import { listTestCasesProcedure } from "./list-test-cases.ts";
import { renameTestCaseProcedure } from "./rename-test-case.ts";
import { runTestCasesProcedure } from "./run-test-cases.ts";
import { saveTestCaseProcedure } from "./save-test-case.ts";

/** A flow's test cases: kept in its draft (and each version), run on the test call's call core. */
export const testCasesRouter = router({
  list: listTestCasesProcedure,
  save: saveTestCaseProcedure,
  rename: renameTestCaseProcedure,
  delete: deleteTestCaseProcedure,
  run: runTestCasesProcedure,
});
