import {
  summarizeResults,
  type FlowDocument,
  type TestCase,
  type TestCaseResult,
} from "@ringflow/flow-schema";
import type { Db, DbTx } from "@ringflow/db";
import {
  FlowCompileError,
  FlowResolver,
  playTestCase,
  runTestCase,
  type CompiledFlow,
} from "@ringflow/runtime/test-cases";
import { apiError } from "../../errors.ts";

/** A flow's cases played on one of its documents, and the line beside the Test call button. */
export interface TestRun {
  results: TestCaseResult[];
  summary: string;
  /** Why no case could run (the flow does not compile), in words; null when they ran. */
  blocked: string | null;
}

/** Compiles a document the way the test call does: the runtime's resolver, subflows at their live versions. */
export async function compileForTests(
  db: Db | DbTx,
  tenantId: string,
  flowId: string,
  document: FlowDocument,
) {
  try {
    return await new FlowResolver(db as Db).compileDocument(tenantId, document, flowId);
  } catch (error) {
    if (error instanceof FlowCompileError)
      throw apiError("PRECONDITION_FAILED", "The flow has errors to fix before its test cases can run.", {
        problems: error.problems,
      });
    throw error;
  }
}

/** Every case of `document` (its own `tests`) played on `document`, in order. */
export async function runCases(
  db: Db | DbTx,
  tenantId: string,
  flowId: string,
  document: FlowDocument,
  cases: TestCase[] = document.tests ?? [],
): Promise<TestRun> {
  if (cases.length === 0) return { results: [], summary: summarizeResults([]), blocked: null };
  let flow: CompiledFlow;
  try {
    flow = await compileForTests(db, tenantId, flowId, document);
  } catch (error) {
    const blocked = (error as Error).message;
    return { results: [], summary: `Tests cannot run: ${blocked}`, blocked };
  }
  const results: TestCaseResult[] = [];
  for (const testCase of cases) results.push(await runTestCase(flow, testCase, { tenantId, flowId }));
  return { results, summary: summarizeResults(results), blocked: null };
}

export { playTestCase };
