import { callControlReportSchema, type CallControlReport } from "@ringflow/flow-schema";
import { describe, expect, it } from "vitest";
import { controlOutcomeWords } from "./control-outcome-words.ts";

const report = (fields: Partial<CallControlReport>) =>
  callControlReportSchema.parse({
    callId: "c1",
    agentId: "a1",
    requestId: null,
    action: null,
    result: "done",
    targetName: null,
    refusal: null,
    message: null,
    ...fields,
  });

describe("controlOutcomeWords", () => {
  it("says what became of a transfer or consultation, by the name of whom it rang", () => {
    expect(controlOutcomeWords(report({ result: "not-answered", targetName: "Bob" }))).toBe(
      "Bob did not answer — the call is back with you.",
    );
    expect(
      controlOutcomeWords(report({ action: "transfer", result: "not-answered", targetName: "Bob" })),
    ).toBe("Bob did not answer. The caller is waiting again (in line or in the phone menu), not with you.");
    expect(
      controlOutcomeWords(report({ action: "add-party", result: "not-answered", targetName: "Bob" })),
    ).toBe("Bob did not answer and did not join the call.");
    expect(controlOutcomeWords(report({ result: "answered", targetName: "Bob" }))).toBe(
      "Bob answered and has the call now.",
    );
    expect(controlOutcomeWords(report({ result: "not-answered" }))).toBe(
      "The person you called did not answer — the call is back with you.",
    );
    expect(controlOutcomeWords(report({ action: "consult", targetName: "+14155550188" }))).toBe(
      "Calling +14155550188. The caller is on hold meanwhile.",
    );
  });

  it("says what a request did, and why one was refused, never a code", () => {
    expect(controlOutcomeWords(report({ action: "hold" }))).toBe("The caller is on hold.");
    expect(controlOutcomeWords(report({ action: "recording.pause" }))).toBe("Recording paused.");
    const refused = controlOutcomeWords(
      report({ action: "transfer", result: "refused", refusal: "agent-unavailable", targetName: "Bob" }),
    );
    expect(refused).toContain("Bob is not available right now");
    expect(refused).not.toContain("agent-unavailable");
    expect(
      controlOutcomeWords(
        report({
          result: "refused",
          refusal: "no-consent",
          message: "The caller has not agreed to be recorded.",
        }),
      ),
    ).toBe("The caller has not agreed to be recorded.");
  });
});
