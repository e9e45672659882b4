import { describe, expect, test } from "vitest";
import { exitVia, single, testCall } from "../test-kit.ts";

const voicemail = single("voicemail", {
  greeting: { type: "say", text: { "en-US": "Leave a message." } },
  mailbox: "sales-{{call.to}}",
  maxLengthSeconds: 60,
  transcribe: true,
});

describe("voicemail", () => {
  test("plays the greeting then records into the mailbox", () => {
    const call = testCall(voicemail);
    expect(call.commands).toEqual([
      { type: "say", text: "Leave a message.", language: "en-US", ssml: false, loop: 1 },
      {
        type: "record",
        turn: 1,
        purpose: "voicemail",
        maxLengthSeconds: 60,
        transcribe: true,
        playBeep: true,
        finishOnKey: "#",
        mailbox: "sales-+18005550199",
        language: "en-US",
      },
    ]);
  });

  test("a message leaves by recorded with its url, length and transcript", () => {
    const call = testCall(voicemail);
    call.send({
      type: "record.result",
      url: "https://rec.example.com/1.wav",
      durationSeconds: 14,
      transcript: "Call me back",
    });
    expect(exitVia(call.commands)).toBe("via recorded");
    expect(call.state.frame.nodes.node).toEqual({
      recordingUrl: "https://rec.example.com/1.wav",
      durationSeconds: 14,
      transcript: "Call me back",
    });
  });

  test("silence leaves by empty", () => {
    const call = testCall(voicemail);
    call.send({ type: "record.result", durationSeconds: 0 });
    expect(exitVia(call.commands)).toBe("via empty");
  });
});
