import { describe, expect, it } from "vitest";
import { blockNames, testCaseSchema, type FlowDocument, type TestCase } from "@ringflow/flow-schema";
import { compileFlow } from "../engine/index.ts";
import { hoursLineFlow } from "../testing/hours-line.ts";
import { playTestCase, runTestCase } from "./run-test-case.ts";

/** The service the lookup calls does not exist: only the case's recorded answer reaches the flow. */
const lineFlow = (goodbye: string): FlowDocument => hoursLineFlow("https://crm.invalid", goodbye);

const options = { tenantId: "t", flowId: null };
// Tuesday 10:00 in New York.
const base = {
  caller: { from: "+15555550100", to: "+15555550199", direction: "inbound" as const, callerState: null },
  clock: { start: "2026-12-01T15:00:00.000Z", timeZone: "America/New_York" },
  inputs: [{ at: "2026-12-01T15:00:04.000Z", input: { type: "digits" as const, digits: "1" } }],
  http: [
    {
      nodeId: "lookup",
      method: "GET" as const,
      url: "https://crm.invalid/customer?phone=%2B15555550100",
      source: "recorded" as const,
      response: { status: 200, headers: {}, body: { tier: "gold" } },
      error: null,
    },
  ],
};

async function recorded(document: FlowDocument): Promise<TestCase> {
  const { outcome } = await playTestCase(compileFlow(document), base, options);
  return testCaseSchema.parse({
    ...base,
    id: "case-1",
    name: "A gold customer in office hours",
    createdAt: new Date(0).toISOString(),
    source: { kind: "test-call", callId: null },
    expect: { ...outcome, names: blockNames(document) },
  });
}

describe("a test case played on the call core", () => {
  it("takes the case's clock, inputs and HTTP answers, and hears what the caller heard", async () => {
    const testCase = await recorded(lineFlow("Goodbye."));
    expect(testCase.expect.path).toEqual(["start", "hours", "lookup", "menu", "tell", "bye"]);
    expect(testCase.expect.heard.map((h) => `${h.kind}: ${h.text}`)).toEqual([
      "said: Press 1 to hear your tier.",
      "asked: to press a key",
      "said: Your tier is gold. Goodbye.",
    ]);
    expect(testCase.expect.ending).toMatch(/hang/i);
    const again = await runTestCase(compileFlow(lineFlow("Goodbye.")), testCase, options);
    expect(again).toMatchObject({ pass: true, differences: [] });
  });

  it("fails with the difference when the flow says something else", async () => {
    const testCase = await recorded(lineFlow("Goodbye."));
    const result = await runTestCase(compileFlow(lineFlow("Bye now.")), testCase, options);
    expect(result.pass).toBe(false);
    expect(result.differences).toEqual([
      "The caller now hears “Your tier is gold. Bye now.”; they used to hear “Your tier is gold. Goodbye.”.",
    ]);
    expect(result.heard.filter((row) => !row.same)).toEqual([
      {
        expected: "hears “Your tier is gold. Goodbye.”",
        actual: "hears “Your tier is gold. Bye now.”",
        same: false,
      },
    ]);
  });

  it("goes another way at another hour, and says which inputs found the call ended", async () => {
    const testCase = await recorded(lineFlow("Goodbye."));
    const evening = {
      ...testCase,
      clock: { ...testCase.clock, start: "2026-12-01T23:00:00.000Z" },
      inputs: [],
    };
    const { outcome } = await playTestCase(compileFlow(lineFlow("Goodbye.")), evening, options);
    expect(outcome.path).toEqual(["start", "hours", "closed", "bye"]);
    const late = await runTestCase(
      compileFlow(lineFlow("Goodbye.")),
      { ...testCase, clock: evening.clock },
      options,
    );
    expect(late.differences[0]).toBe(
      "After “Business hours block”, the call now goes to “Say block” instead of “HTTP request block”.",
    );
    expect(late.differences).toContain("The caller pressed 1, but the call had already ended.");
  });

  it("never reaches the network: a request without an answer fails", async () => {
    const testCase = await recorded(lineFlow("Goodbye."));
    const { outcome } = await playTestCase(
      compileFlow(lineFlow("Goodbye.")),
      { ...testCase, http: [] },
      options,
    );
    expect(outcome.path).toEqual(["start", "hours", "lookup", "closed", "bye"]);
  });
});
