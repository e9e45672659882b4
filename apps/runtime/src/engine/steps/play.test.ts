import { describe, expect, test } from "vitest";
import { single, testCall, traceLines } from "../test-kit.ts";

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

  test("an uploaded file without a URL at compile time is named as an asset, for the adapter to link", () => {
    const call = testCall(
      single("play", { audio: { type: "upload", promptId: "0b1e6f6c-7d43-4c62-9d2b-1f1f5b0d9a01" } }),
    );
    expect(call.commands[0]).toEqual({
      type: "play",
      url: "asset:0b1e6f6c-7d43-4c62-9d2b-1f1f5b0d9a01",
      loop: 1,
    });
  });
});
