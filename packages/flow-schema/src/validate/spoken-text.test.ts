import { describe, expect, it } from "vitest";
import { buildFlow } from "../testing/index.ts";
import { validateFlow } from "../validate.ts";

const sayOf = (text: string, voice?: string) =>
  buildFlow({
    nodes: { start: ["start"], hi: ["say", { text: { "en-US": text }, ...(voice ? { voice } : {}) }] },
    edges: [["start", "inbound", "hi"]],
  });
const tooLong = (doc: unknown) => validateFlow(doc).filter((p) => p.code === "text-too-long");

describe("spoken text limits", () => {
  it("takes 4,096 characters with the standard voice and refuses one more, in words", () => {
    expect(tooLong(sayOf("a".repeat(4096)))).toEqual([]);
    expect(tooLong(sayOf("a".repeat(4097)))).toEqual([
      {
        severity: "error",
        code: "text-too-long",
        nodeId: "hi",
        path: ["params", "text"],
        message:
          "The en-US text is 4,097 characters long; the phone can speak at most 4,096 at once. Shorten it or split it over two blocks.",
      },
    ]);
  });

  it("takes at most 3,000 with an Amazon Polly voice, also inside a menu's prompt", () => {
    expect(tooLong(sayOf("a".repeat(3001), "Polly.Joanna"))[0]?.message).toContain(
      "at most 3,000 at once with an Amazon Polly voice",
    );
    expect(tooLong(sayOf("a".repeat(3000), "Polly.Joanna"))).toEqual([]);
    const menu = buildFlow({
      nodes: {
        start: ["start"],
        menu: [
          "menu",
          {
            prompt: { type: "say", text: { "en-US": "b".repeat(3500) }, voice: "Polly.Matthew" },
            options: [{ id: "sales", label: "Sales", dtmf: "1" }],
          },
        ],
      },
      edges: [["start", "inbound", "menu"]],
    });
    expect(tooLong(menu).map((p) => p.path)).toEqual([["params", "prompt", "text"]]);
  });
});

describe("no risky defaults", () => {
  it("a new Transfer calls nobody until given a number, and a number must be one a phone can dial", () => {
    const problems = (target: { type: "phone" | "sip" | "agent"; value: string }) =>
      validateFlow(
        buildFlow({
          nodes: { start: ["start"], t: ["transfer", { target }] },
          edges: [["start", "inbound", "t"]],
        }),
      )
        .filter((p) => p.nodeId === "t" && p.code === "invalid-params")
        .map((p) => p.message);
    const fresh = validateFlow(
      buildFlow({ nodes: { start: ["start"], t: ["transfer"] }, edges: [["start", "inbound", "t"]] }),
    );
    expect(fresh.find((p) => p.nodeId === "t" && p.code === "invalid-params")?.message).toMatch(
      /who to connect/,
    );
    expect(problems({ type: "phone", value: "call john" })).toEqual([
      "Write the phone number with a + and its country code, like +14155550100.",
    ]);
    expect(problems({ type: "phone", value: "+442079460000" })).toEqual([]);
    expect(problems({ type: "phone", value: "{{vars.desk}}" })).toEqual([]);
    expect(problems({ type: "agent", value: "204" })).toEqual([]);
  });

  it("an option without a label is an error, not a silent id", () => {
    const doc = buildFlow({
      nodes: {
        start: ["start"],
        menu: [
          "menu",
          {
            prompt: { type: "say", text: { "en-US": "Press 1." } },
            options: [{ id: "option1", label: " ", dtmf: "1" }],
          },
        ],
      },
      edges: [["start", "inbound", "menu"]],
    });
    const problem = validateFlow(doc).find((p) => p.nodeId === "menu" && p.code === "invalid-params");
    expect(problem).toMatchObject({
      severity: "error",
      path: ["params", "options", 0, "label"],
      message: "Give this option a label, like “Sales”: it names the option's exit.",
    });
  });
});
