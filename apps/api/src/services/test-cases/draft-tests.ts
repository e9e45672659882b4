import type { TestCase } from "@ringflow/flow-schema";
import { toJson, type Db } from "@ringflow/db";
import { apiError, notFound } from "../../errors.ts";
import { readDocument } from "../flows/documents.ts";

/** A flow holds at most this many cases (the document's limit). */
export const MAX_TEST_CASES = 200;

/** The draft's test cases. */
export async function listCases(db: Db, tenantId: string, flowId: string): Promise<TestCase[]> {
  const flow = await db.flow.findFirst({ where: { id: flowId, tenantId }, select: { draft: true } });
  if (!flow) throw notFound("Flow");
  return readDocument(flow.draft).tests ?? [];
}

/**
 * Changes the draft's cases, and nothing else of it, under the flow's row lock. The draft revision stays:
 * an editor's next save of the canvas is no conflict, and keeps these cases (saveDraft never writes `tests`).
 */
export async function changeCases<T>(
  db: Db,
  tenantId: string,
  flowId: string,
  change: (cases: TestCase[]) => { cases: TestCase[]; result: T },
): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`select id from "Flow" where id = ${flowId}::uuid and "tenantId" = ${tenantId}::uuid for update`;
    const flow = await tx.flow.findFirst({
      where: { id: flowId, tenantId },
      select: { draft: true, status: true },
    });
    if (!flow) throw notFound("Flow");
    if (flow.status === "ARCHIVED")
      throw apiError("PRECONDITION_FAILED", "This flow is archived; restore it before changing its tests.");
    const draft = readDocument(flow.draft);
    const { cases, result } = change(draft.tests ?? []);
    if (cases.length > MAX_TEST_CASES)
      throw apiError(
        "PRECONDITION_FAILED",
        `A flow keeps at most ${MAX_TEST_CASES} test cases; delete some first.`,
      );
    await tx.flow.update({
      where: { id: flowId, tenantId },
      data: { draft: toJson({ ...draft, tests: cases }) },
    });
    return result;
  });
}

function indexOf(cases: TestCase[], caseId: string): number {
  const index = cases.findIndex((c) => c.id === caseId);
  if (index === -1) throw notFound("Test case");
  return index;
}

export function renameCase(
  db: Db,
  tenantId: string,
  input: { flowId: string; caseId: string; name: string },
) {
  return changeCases(db, tenantId, input.flowId, (cases) => {
    const index = indexOf(cases, input.caseId);
    const renamed = { ...(cases[index] as TestCase), name: input.name };
    return { cases: cases.map((c, i) => (i === index ? renamed : c)), result: renamed };
  });
}

export function deleteCase(db: Db, tenantId: string, input: { flowId: string; caseId: string }) {
  return changeCases(db, tenantId, input.flowId, (cases) => {
    const index = indexOf(cases, input.caseId);
    return { cases: cases.filter((_, i) => i !== index), result: { deleted: input.caseId } };
  });
}
