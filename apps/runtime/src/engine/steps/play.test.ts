import { describe, expect, test } from "vitest";
import { single, testCall, traceLines, APOLOGY } from "../test-kit.ts";

describe("play", () => {
  test("plays a URL (Liquid allowed) and leaves by next", () => {
    const call = testCall(
      single("play", { audio: { type: "play", url: "https://cdn.example.com/{{call.to}}.mp3" }, loop: 3 }),
    );
    expect(call.commands).toEqual([
      { type: "play", url: "https://cdn.example.com/+18005550199.mp3", loop: 3 },
      { type: "hangup", reason: "via next" },
    ]);
    expect(traceLines(call.trace)[1]).toBe(
      "node enter -> next: played https://cdn.example.com/+18005550199.mp3",
    );
  });

  test("an uploaded prompt plays from the URL given at compile time", () => {
    const doc = single("play", { audio: { type: "upload", promptId: "welcome" } });
    const call = testCall(doc, { prompts: { welcome: "https://media.example.com/p/welcome.wav" } });
    expect(call.commands[0]).toEqual({
      type: "play",
      url: "https://media.example.com/p/welcome.wav",
      loop: 1,
    });
  });

  test("an uploaded prompt without a URL fails the node: no handler, so an apology and a hangup", () => {
    const call = testCall(single("play", { audio: { type: "upload", promptId: "gone" } }));
    expect(call.commands).toEqual([
      APOLOGY,
      {
        type: "hangup",
        reason: `error not handled by the flow: The uploaded prompt "gone" has no audio URL.`,
      },
    ]);
  });
});
