import { randomUUID } from "node:crypto";
import {
  blockNames,
  caseFromLog,
  flowTimeZone,
  testCaseSchema,
  type FlowDocument,
  type TestCase,
} from "@ringflow/flow-schema";
import type { Db } from "@ringflow/db";
import { FlowResolver } from "@ringflow/runtime/test-cases";
import { apiError, notFound } from "../../errors.ts";
import { readDocument } from "../flows/documents.ts";
import { changeCases } from "./draft-tests.ts";
import { compileForTests, playTestCase } from "./run-cases.ts";

/** The log writer is a moment behind the call: a test call saved as it ends may not be written yet. */
const LOG_WAIT_MS = 20_000;
const LOG_POLL_MS = 200;

/** A test call is named by the simulator's id (`SIM…`), a real call by its row id. */
const isTestCallId = (id: string) => id.startsWith("SIM");

async function endedCall(db: Db, tenantId: string, callId: string) {
  const where = isTestCallId(callId)
    ? { tenantId, provider: "SIMULATOR" as const, providerCallId: callId }
    : { tenantId, id: callId };
  const deadline = Date.now() + LOG_WAIT_MS;
  for (;;) {
    const call = await db.call.findFirst({
      where,
      select: {
        id: true,
        test: true,
        flowId: true,
        flowVersionId: true,
        fromNumber: true,
        toNumber: true,
        direction: true,
        startedAt: true,
        endedAt: true,
        events: {
          orderBy: { seq: "asc" },
          select: { seq: true, at: true, type: true, nodeId: true, data: true },
        },
      },
    });
    if (call?.endedAt) return call;
    // Only a test call that just ended can be missing or unfinished for a moment (the log writer's lag).
    if (!isTestCallId(callId) || Date.now() > deadline) {
      if (!call) throw notFound("Call");
      throw apiError(
        "PRECONDITION_FAILED",
        "This call has not ended yet; save it as a test case once it has.",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOG_POLL_MS));
  }
}

function defaultName(call: { test: boolean; fromNumber: string; startedAt: Date }, timeZone: string): string {
  const when = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(
    call.startedAt,
  );
  return call.test ? `Test call of ${when}` : `Call from ${call.fromNumber} on ${when}`;
}

/**
 * A finished call (a test call, or a real call of this flow) becomes one of the draft's test cases: the log
 * gives the caller's inputs, clock, state and HTTP answers; the call played again on the flow it ran (the
 * version a real call ran, the draft for a test call) gives what the caller heard, which the log does not hold.
 */
export async function saveCaseFromCall(
  db: Db,
  tenantId: string,
  input: { flowId: string; callId: string; name?: string | undefined },
): Promise<TestCase> {
  const flow = await db.flow.findFirst({
    where: { id: input.flowId, tenantId },
    select: { id: true, draft: true },
  });
  if (!flow) throw notFound("Flow");
  const call = await endedCall(db, tenantId, input.callId);
  if (call.flowId && call.flowId !== flow.id)
    throw apiError(
      "PRECONDITION_FAILED",
      "This call ran another flow; open that flow to save it as its test case.",
    );
  const draft = readDocument(flow.draft);
  const timeZone = flowTimeZone(draft);
  const logged = caseFromLog(
    {
      id: call.id,
      test: call.test,
      from: call.fromNumber,
      to: call.toNumber,
      direction: call.direction,
      startedAt: call.startedAt,
      events: call.events,
    },
    timeZone,
  );
  const { path, ...fromLog } = logged;
  const ran = await ranFlow(db, tenantId, flow.id, draft, call.flowVersionId);
  const play = () => playTestCase(ran.compiled, fromLog, { tenantId, flowId: flow.id });
  const samePath = (played: string[]) => played.join("\u0000") === path.join("\u0000");
  let { outcome } = await play();
  // Once more before refusing: a template's wall-clock budget can be overrun by a cold process under load.
  if (!samePath(outcome.path)) ({ outcome } = await play());
  if (!samePath(outcome.path))
    throw apiError(
      "PRECONDITION_FAILED",
      `Played again on ${ran.what}, this call goes through other blocks than it did${call.test ? " (the flow changed since the test call: make a new one)" : ""}, so it cannot be kept as a test case.`,
    );
  const testCase = testCaseSchema.parse({
    ...fromLog,
    id: randomUUID(),
    name: input.name ?? defaultName(call, timeZone),
    createdAt: new Date().toISOString(),
    expect: { ...outcome, names: blockNames(ran.document) },
  });
  return changeCases(db, tenantId, flow.id, (cases) => ({ cases: [...cases, testCase], result: testCase }));
}

/** The flow a call ran: its pinned version for a real call, else the draft (a test call of the canvas). */
async function ranFlow(
  db: Db,
  tenantId: string,
  flowId: string,
  draft: FlowDocument,
  versionId: string | null,
) {
  if (!versionId)
    return {
      compiled: await compileForTests(db, tenantId, flowId, draft),
      document: draft,
      what: "the draft",
    };
  const resolver = new FlowResolver(db);
  const compiled = await resolver.compile(await resolver.pin(tenantId, flowId, versionId));
  return { compiled, document: compiled.document, what: "the version it ran" };
}
