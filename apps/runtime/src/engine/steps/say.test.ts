import { describe, expect, test } from "vitest";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { single, testCall, traceLines } from "../test-kit.ts";

describe("say", () => {
  test("speaks the text for the call's language with Liquid filled in, then leaves by next", () => {
    const doc = single(
      "say",
      {
        text: { "en-US": "Hello {{call.from}}", "es-MX": "Hola {{call.from}}" },
        voice: "Polly.Joanna",
        loop: 2,
      },
      {
        languages: { default: "en-US", supported: ["en-US", "es-MX"] },
      },
    );
    const call = testCall(doc, { call: { language: "es-MX" } });
    expect(call.commands).toEqual([
      {
        type: "say",
        text: "Hola +14155550100",
        language: "es-MX",
        voice: "Polly.Joanna",
        ssml: false,
        loop: 2,
      },
      { type: "hangup", reason: "via next" },
    ]);
    expect(traceLines(call.trace)).toEqual([
      "start enter -> inbound: inbound call from +14155550100 to +18005550199",
      `node enter -> next: said "Hola +14155550100" (es-MX)`,
      "to_next enter: via next",
      "to_next end: call ended: via next",
    ]);
    expect(call.state.status).toBe("ended");
  });

  test("falls back to the default language when the call's language has no text", () => {
    const doc = single(
      "say",
      { text: { "en-US": "<speak>Hi</speak>" }, ssml: true },
      { languages: { default: "en-US", supported: ["en-US", "fr-CA"] } },
    );
    const call = testCall(doc, { call: { language: "fr-CA" } });
    expect(call.commands[0]).toEqual({
      type: "say",
      text: "<speak>Hi</speak>",
      language: "en-US",
      ssml: true,
      loop: 1,
    });
  });

  test("a value that is not set on this path fails the node; the flow's error handler runs and can read the error", () => {
    // Validation warns (maybe-unset-reference); at run time the strict Liquid context refuses to say "".
    const doc = buildFlow({
      nodes: {
        start: ["start"],
        check: [
          "split",
          { conditions: [{ id: "vip", subject: "{{call.from}}", operator: "startsWith", value: "+1900" }] },
        ],
        ask: ["menu"],
        greet: ["say", { text: { "en-US": "You pressed {{nodes.ask.digits}}" } }],
        oops: ["say", { text: { "en-US": "Error at {{error.nodeId}}" } }],
        bye: ["hangup"],
      },
      edges: [
        ["start", "inbound", "check"],
        ["check", "vip", "ask"],
        ["check", "else", "greet"],
        ["ask", "sales", "greet"],
        ["greet", "next", "bye"],
        ["oops", "next", "bye"],
      ],
      settings: { onError: "oops" },
    });
    const call = testCall(doc);
    expect(call.commands).toEqual([
      { type: "say", text: "Error at greet", language: "en-US", ssml: false, loop: 1 },
      { type: "hangup" },
    ]);
    expect(call.trace[2]).toMatchObject({
      nodeId: "greet",
      type: "error",
      reason: `failed: "You pressed {{nodes.ask.digits}}" reads node ask, which has not run on this call's path`,
    });
    expect(call.state.lastError).toEqual({
      nodeId: "greet",
      message: `"You pressed {{nodes.ask.digits}}" reads node ask, which has not run on this call's path`,
    });
  });
});
