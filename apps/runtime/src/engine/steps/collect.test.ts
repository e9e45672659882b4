import { describe, expect, test } from "vitest";
import { exitVia, single, testCall, traceLines } from "../test-kit.ts";

const collect = (overrides = {}) =>
  single(
    "collect",
    {
      prompt: { type: "say", text: { "en-US": "Enter your 5-digit ZIP code." } },
      variable: "zip",
      minLength: 5,
      maxLength: 5,
      validation: "^9",
      retries: 1,
      invalidPrompt: { type: "say", text: { "en-US": "That ZIP code is not valid." } },
      ...overrides,
    },
    { variables: [{ name: "zip", type: "string", default: "" }] },
  );

describe("collect", () => {
  test("gathers digits of a fixed length with the finish key", () => {
    const call = testCall(collect());
    expect(call.commands).toEqual([
      {
        type: "gather",
        turn: 1,
        input: ["dtmf"],
        timeoutSeconds: 5,
        numDigits: 5,
        finishOnKey: "#",
        language: "en-US",
        prompts: [
          { type: "say", text: "Enter your 5-digit ZIP code.", language: "en-US", ssml: false, loop: 1 },
        ],
      },
    ]);
  });

  test("valid input goes into the variable and leaves by valid", () => {
    const call = testCall(collect());
    call.send({ type: "gather.result", digits: "94105#" });
    expect(exitVia(call.commands)).toBe("via valid");
    expect(call.state.frame.vars.zip).toBe("94105");
    expect(call.state.frame.nodes.node).toEqual({
      digits: "94105#",
      speech: "",
      confidence: null,
      value: "94105",
    });
    expect(call.trace[0]).toMatchObject({
      port: "valid",
      variables: { zip: "94105" },
      reason: `collected "94105" into zip`,
    });
  });

  test("invalid input is retried with the invalid prompt, then leaves by invalid", () => {
    const call = testCall(collect());
    call.send({ type: "gather.result", digits: "1234" });
    expect(traceLines(call.trace)).toEqual([`node resume: "1234" is invalid (shorter than 5), retry 1 of 1`]);
    expect(call.commands[0]).toMatchObject({
      turn: 2,
      prompts: [{ text: "That ZIP code is not valid." }, { text: "Enter your 5-digit ZIP code." }],
    });
    call.send({ type: "gather.result", digits: "10001" });
    expect(exitVia(call.commands)).toBe("via invalid");
    expect(traceLines(call.trace)[0]).toBe(
      `node resume -> invalid: "10001" is invalid (does not match ^9); no retries left (1)`,
    );
    expect(call.state.frame.vars.zip).toBe("");
  });

  test("no input leaves by noInput after the retries", () => {
    const call = testCall(collect({ retries: 0 }));
    call.send({ type: "gather.timeout" });
    expect(exitVia(call.commands)).toBe("via noInput");
  });

  test("speech input, converted to the variable's type", () => {
    const doc = single(
      "collect",
      {
        prompt: { type: "say", text: { "en-US": "How many tickets?" } },
        input: "speech",
        variable: "count",
        speechHints: ["one", "two"],
      },
      { variables: [{ name: "count", type: "number", default: 0 }] },
    );
    const call = testCall(doc);
    expect(call.commands[0]).toMatchObject({ input: ["speech"], hints: ["one", "two"] });
    call.send({ type: "gather.result", speech: "4", confidence: 0.8 });
    expect(call.state.frame.vars.count).toBe(4);
    expect(exitVia(call.commands)).toBe("via valid");
  });

  test("a value that does not fit the variable's type fails the node", () => {
    const doc = single(
      "collect",
      { prompt: { type: "say", text: { "en-US": "Say a number" } }, input: "speech", variable: "count" },
      { variables: [{ name: "count", type: "number", default: 0 }] },
    );
    const call = testCall(doc);
    call.send({ type: "gather.result", speech: "lots" });
    expect(call.trace[0]).toMatchObject({
      type: "error",
      reason: `failed: "lots" is not a number, so it cannot go into the number variable "count".`,
    });
    expect(call.state.status).toBe("ended");
  });

  test("listens in its own language when it has one, else in the call's", () => {
    const spanishFlow = {
      languages: { default: "es-MX", supported: ["es-MX", "en-US"] },
      variables: [{ name: "order", type: "string" as const, default: "" }],
    };
    const english = testCall(
      single("collect", { ...collectParams, input: "both", listenLanguage: "en-US" }, spanishFlow),
    );
    expect(english.commands[0]).toMatchObject({ type: "gather", language: "en-US" });
    english.send({ type: "gather.timeout" });
    expect(english.commands.at(-1)).toMatchObject({ type: "gather", language: "en-US" });
    const speech = testCall(
      single("collect", { ...collectParams, input: "speech", listenLanguage: "en-GB" }, spanishFlow),
    );
    expect(speech.commands[0]).toMatchObject({ input: ["speech"], language: "en-GB" });
    const callLanguage = testCall(single("collect", collectParams, spanishFlow));
    expect(callLanguage.commands[0]).toMatchObject({ language: "es-MX" });
  });

  test("speech settings go on every gather that hears speech, retries included; digits alone carry none", () => {
    const settings = { speechTimeoutSeconds: 4, speechModel: "phone_call" as const };
    const flow = { variables: [{ name: "order", type: "string" as const, default: "" }] };
    const both = testCall(single("collect", { ...collectParams, input: "both", ...settings }, flow));
    expect(both.commands[0]).toMatchObject({ type: "gather", ...settings });
    both.send({ type: "gather.timeout" });
    expect(both.commands.at(-1)).toMatchObject({ type: "gather", ...settings });
    const digits = testCall(single("collect", { ...collectParams, input: "dtmf", ...settings }, flow));
    expect(digits.commands[0]).not.toHaveProperty("speechModel");
    expect(digits.commands[0]).not.toHaveProperty("speechTimeoutSeconds");
  });
});

const collectParams = {
  prompt: { type: "say" as const, text: { "en-US": "Say or key your order number." } },
  variable: "order",
  retries: 1,
};
