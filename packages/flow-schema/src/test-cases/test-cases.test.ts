import { describe, expect, it } from "vitest";
import { migrate } from "../migrate.ts";
import { buildFlow } from "../testing/build-flow.ts";
import { compareOutcome, summarizeResults } from "./compare.ts";
import { caseFromLog, type LoggedEvent } from "./from-log.ts";
import { testCaseSchema, type TestCase } from "./test-case.ts";

const flow = buildFlow({
  nodes: {
    start: ["start"],
    menu: ["menu", undefined],
    sales: ["say", { text: { "en-US": "Sales" } }],
  },
  edges: [["start", "inbound", "menu"]],
});
flow.nodes[1]!.label = "Main menu";
flow.nodes[2]!.label = "Sales line";

const testCase: TestCase = testCaseSchema.parse({
  id: "t1",
  name: "Caller picks sales",
  createdAt: "2026-12-01T10:00:00.000Z",
  source: { kind: "test-call", callId: null },
  caller: { from: "+15555550100", to: "+15555550199" },
  clock: { start: "2026-12-01T15:00:00.000Z", timeZone: "America/New_York" },
  inputs: [{ input: { type: "digits", digits: "1" } }],
  expect: {
    path: ["start", "menu", "sales"],
    heard: [
      { nodeId: "menu", kind: "said", text: "Press 1 for sales" },
      { nodeId: "menu", kind: "asked", text: "to press a key" },
      { nodeId: "sales", kind: "said", text: "Sales" },
    ],
    ending: "the caller hung up",
  },
});

describe("test cases", () => {
  it("are kept in the flow document through migrate", () => {
    const doc = migrate({ ...flow, tests: [testCase] });
    expect(doc.tests?.[0]?.name).toBe("Caller picks sales");
    expect(migrate(flow).tests).toBeUndefined();
    expect(() =>
      migrate({ ...flow, tests: [{ ...testCase, inputs: [{ input: { type: "dance" } }] }] }),
    ).toThrow();
  });

  it("pass when the call does the same, and say in words where it parted", () => {
    expect(compareOutcome(testCase, testCase.expect, flow).pass).toBe(true);
    const result = compareOutcome(
      testCase,
      {
        path: ["start", "menu"],
        heard: [
          { nodeId: "menu", kind: "said", text: "Press 2 for sales" },
          { nodeId: "menu", kind: "asked", text: "to press a key" },
        ],
        ending: '"1" of menu is not connected',
        names: {},
      },
      flow,
    );
    expect(result.pass).toBe(false);
    expect(result.differences[0]).toBe(
      "After “Main menu”, the call now stops; it used to go on to “Sales line”.",
    );
    expect(result.differences).toContain(
      "The caller now hears “Press 2 for sales”; they used to hear “Press 1 for sales”.",
    );
    expect(result.differences.join(" ")).toMatch(/exit of “Main menu” leads nowhere/);
    expect(result.path).toEqual([
      { expected: "Start block", actual: "Start block", same: true },
      { expected: "Main menu", actual: "Main menu", same: true },
      { expected: "Sales line", actual: null, same: false },
    ]);
    expect(result.heard.filter((r) => !r.same)).toHaveLength(2);
    expect(summarizeResults([result, { pass: true }])).toBe("1 of 2 tests fails");
    expect(summarizeResults([{ pass: true }, { pass: true }, { pass: true }])).toBe("3 of 3 tests pass");
  });

  it("are made from a call's log: inputs with their times, the caller's state, HTTP answers, the hangup", () => {
    const at = (s: number) => Date.parse("2026-12-01T15:00:00.000Z") + s * 1000;
    const events: LoggedEvent[] = [
      {
        seq: 0,
        at: at(0),
        type: "call.start",
        nodeId: null,
        data: { from: "+1555", to: "+1666", callerState: "CA" },
      },
      { seq: 1, at: at(0), type: "enter", nodeId: "start", data: {} },
      {
        seq: 2,
        at: at(0),
        type: "http.request",
        nodeId: "lookup",
        data: { method: "GET", url: "https://x.test/a" },
      },
      {
        seq: 3,
        at: at(1),
        type: "http.response",
        nodeId: "lookup",
        data: { status: 200, headers: {}, body: { vip: true } },
      },
      {
        seq: 4,
        at: at(5),
        type: "input",
        nodeId: "menu",
        data: { event: "gather.result", digits: "2", at: at(5) },
      },
      { seq: 5, at: at(6), type: "input", nodeId: "menu", data: { event: "gather.timeout", at: at(6) } },
      { seq: 6, at: at(9), type: "end", nodeId: "menu", data: { reason: "call status completed" } },
    ];
    const made = caseFromLog(
      {
        id: "c1",
        test: false,
        from: "+1555",
        to: "+1666",
        direction: "INBOUND",
        startedAt: new Date(at(0)),
        events,
      },
      "America/Los_Angeles",
    );
    expect(made.caller).toEqual({ from: "+1555", to: "+1666", direction: "inbound", callerState: "CA" });
    expect(made.source).toEqual({ kind: "call", callId: "c1" });
    expect(made.clock).toEqual({ start: "2026-12-01T15:00:00.000Z", timeZone: "America/Los_Angeles" });
    expect(made.inputs.map((i) => i.input)).toEqual([
      { type: "digits", digits: "2" },
      { type: "noInput" },
      { type: "hangup" },
    ]);
    expect(made.inputs[0]?.at).toBe("2026-12-01T15:00:05.000Z");
    expect(made.http).toEqual([
      {
        nodeId: "lookup",
        method: "GET",
        url: "https://x.test/a",
        source: "recorded",
        response: { status: 200, headers: {}, body: { vip: true } },
        error: null,
      },
    ]);
    expect(made.path).toEqual(["start"]);
  });
});
