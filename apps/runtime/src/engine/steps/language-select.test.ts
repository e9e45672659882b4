import { describe, expect, test } from "vitest";
import { exitVia, single, testCall } from "../test-kit.ts";

const doc = () =>
  single("languageSelect", undefined, {
    languages: { default: "en-US", supported: ["en-US", "es-MX"] },
    nodes: {
      after: ["say", { text: { "en-US": "Welcome", "es-MX": "Bienvenido" } }],
      bye: ["hangup", { reason: "via selected" }],
    },
    edges: [
      ["node", "selected", "after"],
      ["after", "next", "bye"],
    ],
  });

describe("languageSelect", () => {
  test("asks in every language and waits", () => {
    const call = testCall(doc());
    expect(call.commands[0]).toMatchObject({
      type: "gather",
      turn: 1,
      input: ["dtmf", "speech"],
      numDigits: 1,
      hints: ["english", "español", "espanol"],
    });
  });

  test("a key picks the language: set-language, and later prompts speak it", () => {
    const call = testCall(doc());
    call.send({ type: "gather.result", digits: "2" });
    expect(call.commands).toEqual([
      { type: "set-language", language: "es-MX" },
      { type: "say", text: "Bienvenido", language: "es-MX", ssml: false, loop: 1 },
      { type: "hangup", reason: "via selected" },
    ]);
    expect(call.state.language).toBe("es-MX");
    expect(call.trace[0]).toMatchObject({ port: "selected", variables: { "call.language": "es-MX" } });
  });

  test("speech picks the language too", () => {
    const call = testCall(doc());
    call.send({ type: "gather.result", speech: "Español por favor" });
    expect(call.state.language).toBe("es-MX");
  });

  test("nothing chosen after the retries: noSelection, language unchanged", () => {
    const call = testCall(doc());
    call.send({ type: "gather.timeout" });
    expect(call.trace[0]?.reason).toBe("no input after 5 s, retry 1 of 1");
    call.send({ type: "gather.result", digits: "7" });
    expect(exitVia(call.commands)).toBe("via noSelection");
    expect(call.trace[0]?.reason).toBe(`"7" is not a language choice; no retries left (1)`);
    expect(call.state.language).toBe("en-US");
  });
});
