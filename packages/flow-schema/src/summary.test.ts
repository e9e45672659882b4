import { describe, expect, test } from "vitest";
import { createNode, flowReferencesOf, isEntryKind, summaryOf } from "./catalog.ts";
import { nodeKinds, type NodeKind, type ParamsInputOf } from "./nodes/index.ts";

const node = <K extends NodeKind>(kind: K, params: ParamsInputOf<K>) => ({
  kind,
  params: params as Record<string, unknown>,
});

describe("catalog properties that replace per-kind code", () => {
  test("each kind's canvas summary of its fresh params", () => {
    const summaries = Object.fromEntries(nodeKinds.map((kind) => [kind, summaryOf(createNode(kind, "n"))]));
    expect(summaries).toEqual({
      start: "Inbound calls",
      say: "Hello!",
      play: "https://example.com/welcome.mp3",
      menu: expect.stringMatching(/\S/),
      collect: "Please enter your account number, then press pound. → accountNumber",
      languageSelect: expect.stringMatching(/^1 \S+/),
      split: "{{vars.choice}} equals 1",
      setVariables: "Sets counter",
      businessHours: expect.stringMatching(/^America\/New_York, \d+ weekly ranges?$/),
      httpRequest: "GET https://api.example.com/customers?phone={{call.from | url_encode}}",
      sendSms: "To the caller: Thanks for calling. Here is the link we mentioned:",
      // A new transfer has nobody to call until the admin says who; its params do not parse yet.
      transfer: "",
      enqueue: "Queue support",
      voicemail: expect.stringMatching(/^Mailbox \S/),
      recordingConsent: expect.stringMatching(/\S/),
      startRecording: "Caller and agent on separate channels",
      stopRecording: "",
      // A subflow needs its flow chosen first; until its params parse it shows nothing.
      subflow: "",
      hangup: "",
    });
  });

  test("summaries follow the params, fit the card and stay empty while params are invalid", () => {
    expect(summaryOf(node("start", { accepts: ["inbound", "outbound"] }))).toBe("Inbound and outbound calls");
    expect(
      summaryOf(
        node("split", {
          conditions: [
            { id: "a", subject: "{{vars.x}}", operator: "isEmpty" },
            { id: "b", subject: "{{vars.x}}", operator: "notInList", list: ["1", "2"] },
          ],
        }),
      ),
    ).toBe("{{vars.x}} is empty; {{vars.x}} is not one of 1, 2");
    expect(summaryOf(node("subflow", { flowId: "f1", inputs: [{ variable: "a", value: "1" }] }))).toBe(
      "Runs another flow with a",
    );
    const long = summaryOf(node("say", { text: { "en-US": "word ".repeat(40) } }));
    expect(long).toHaveLength(70);
    expect(long.endsWith("…")).toBe(true);
    expect(summaryOf({ kind: "say", params: { text: {} } })).toBe("");
    expect(summaryOf({ kind: "nope", params: {} })).toBe("");
  });

  test("only the start kind is an entry", () => {
    expect(nodeKinds.filter(isEntryKind)).toEqual(["start"]);
    expect(isEntryKind("nope")).toBe(false);
  });

  test("flow references come from the kind, not from a kind name", () => {
    expect(flowReferencesOf(node("subflow", { flowId: "survey" }))).toEqual(["survey"]);
    expect(flowReferencesOf(node("subflow", { flowId: "" }))).toEqual([]);
    expect(nodeKinds.filter((kind) => flowReferencesOf(createNode(kind, "n")).length > 0)).toEqual([]);
    expect(flowReferencesOf(node("say", { text: { "en-US": "Hi" } }))).toEqual([]);
  });
});
