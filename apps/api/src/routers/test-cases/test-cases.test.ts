import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestCaseResult } from "@ringflow/flow-schema";
import { createHarness, outcome } from "../../testing/harness.ts";
import { loggedCall, salesLine } from "../../testing/test-case-fixture.ts";

describe("test cases", () => {
  const h = createHarness();
  let ws: Awaited<ReturnType<typeof h.workspace>>;
  beforeAll(async () => {
    ws = await h.workspace("tests");
  });
  afterAll(() => h.close());

  it("are saved from a real call, run on every draft, stop a publish that breaks them, and travel with versions", async () => {
    const flows = ws.caller.flows;
    const api = ws.caller.testCases;
    const flow = await flows.create({ name: "Sales line" });
    const draft = await flows.get({ flowId: flow.id });
    const saved = await flows.saveDraft({
      flowId: flow.id,
      revision: draft.draftRevision,
      document: salesLine("Sales, hello"),
    });
    const v1 = await flows.publish({ flowId: flow.id, changelog: "First" });
    expect(v1.tests).toEqual({ summary: "No tests yet", failing: 0, total: 0 });
    const call = await h.db.call.create({
      data: loggedCall(ws.tenantId, flow.id, v1.version.id),
      select: { id: true },
    });

    const testCase = await api.save({ flowId: flow.id, callId: call.id });
    expect(testCase.name).toBe("Call from +15555550123 on Dec 1, 2026, 3:00 PM");
    expect(testCase.caller).toEqual({
      from: "+15555550123",
      to: "+15555550199",
      direction: "inbound",
      callerState: "CA",
    });
    expect(testCase.inputs).toEqual([
      { at: "2026-12-01T15:00:06.000Z", input: { type: "digits", digits: "1" } },
    ]);
    expect(testCase.http).toMatchObject([{ source: "recorded", response: { body: { tier: "gold" } } }]);
    // What the caller heard is not in the log: it comes from playing the call again on version 1.
    expect(testCase.expect.heard.map((line) => `${line.kind} ${line.text}`)).toEqual([
      "said Press 1 for sales.",
      "asked to press a key",
      "said Sales, hello (gold)",
    ]);
    expect(testCase.expect.path).toEqual(["start", "lookup", "menu", "sales", "bye"]);
    expect((await api.list({ flowId: flow.id })).map((c) => c.id)).toEqual([testCase.id]);
    expect(await api.run({ flowId: flow.id })).toMatchObject({
      summary: "1 of 1 test passes",
      blocked: null,
    });

    // The editor's next save knows nothing of the case (an older copy of the draft): the case stays.
    const edited = await flows.saveDraft({
      flowId: flow.id,
      revision: saved.revision,
      document: { ...salesLine("Sales here"), tests: [] },
    });
    expect(edited.revision).toBe(saved.revision + 1);
    const run = await api.run({ flowId: flow.id });
    expect(run.summary).toBe("1 of 1 test fails");
    expect(run.results[0]?.differences).toEqual([
      "The caller now hears “Sales here (gold)”; they used to hear “Sales, hello (gold)”.",
    ]);

    const refused = await flows.publish({ flowId: flow.id, changelog: "Reworded" }).catch((e: unknown) => e);
    expect((refused as Error).message).toBe(
      "1 of 1 test fails: publishing would change what callers get. Fix the flow, or publish anyway.",
    );
    const details = (refused as { cause: { details: { testResults: TestCaseResult[] } } }).cause.details;
    expect(details.testResults.map((r) => [r.name, r.pass])).toEqual([[testCase.name, false]]);
    expect((await flows.versions({ flowId: flow.id })).length).toBe(1);

    const v2 = await flows.publish({ flowId: flow.id, changelog: "Reworded", publishAnyway: true });
    expect(v2.tests).toEqual({ summary: "1 of 1 test fails", failing: 1, total: 1 });
    const version = await flows.version({ flowId: flow.id, number: 2 });
    expect(version.document.tests?.map((c) => c.id)).toEqual([testCase.id]);
    const exported = await flows.export({ flowId: flow.id, version: 2 });
    expect(JSON.stringify(exported)).toContain(testCase.id);
    const audit = await ws.caller.audit.list({ targetId: flow.id });
    expect(audit.entries[0]?.data).toMatchObject({ version: 2, publishedWithFailingTests: [testCase.name] });

    const renamed = await api.rename({
      flowId: flow.id,
      caseId: testCase.id,
      name: "Gold customer picks sales",
    });
    expect(renamed.name).toBe("Gold customer picks sales");
    await api.delete({ flowId: flow.id, caseId: testCase.id });
    expect(await api.list({ flowId: flow.id })).toEqual([]);
    // Version 2 keeps the case it was published with.
    expect((await flows.version({ flowId: flow.id, number: 2 })).document.tests).toHaveLength(1);
  });

  it("refuses a call of another workspace, and a call that plays otherwise now", async () => {
    const other = await h.workspace("tests-other");
    const flow = await ws.caller.flows.create({ name: "Two" });
    const draft = await ws.caller.flows.get({ flowId: flow.id });
    await ws.caller.flows.saveDraft({
      flowId: flow.id,
      revision: draft.draftRevision,
      document: salesLine("Hi"),
    });
    const v1 = await ws.caller.flows.publish({ flowId: flow.id, changelog: "First" });
    const call = await h.db.call.create({
      data: loggedCall(ws.tenantId, flow.id, v1.version.id),
      select: { id: true },
    });
    const foreign = await other.caller.flows.create({ name: "Theirs" });
    expect(await outcome(other.caller.testCases.save({ flowId: foreign.id, callId: call.id }))).toBe(
      "NOT_FOUND",
    );
    expect(await outcome(other.caller.testCases.run({ flowId: flow.id }))).toBe("NOT_FOUND");
    // A logged path the version does not take (the log says the caller went to "sorry").
    const odd = loggedCall(ws.tenantId, flow.id, v1.version.id);
    odd.events.create = odd.events.create.map((e) => (e.nodeId === "sales" ? { ...e, nodeId: "sorry" } : e));
    const oddCall = await h.db.call.create({
      data: odd,
      select: { id: true },
    });
    expect(await outcome(ws.caller.testCases.save({ flowId: flow.id, callId: oddCall.id }))).toBe(
      "PRECONDITION_FAILED",
    );
  });
});
