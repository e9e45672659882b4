import { describe, expect, test } from "vitest";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { exitVia, testCall, traceLines } from "../test-kit.ts";

const announcement = { type: "say" as const, text: { "en-US": "This call may be recorded." } };
const say = { type: "say", text: "This call may be recorded.", language: "en-US", ssml: false, loop: 1 };

/** consent -> (consented) start recording -> hangup "via consented"; (declined) start recording -> hangup "via declined". */
const flow = (params: object) =>
  buildFlow({
    nodes: {
      start: ["start"],
      consent: ["recordingConsent", { announcement, ...params }],
      rec: ["startRecording"],
      recAfterDecline: ["startRecording"],
      yes: ["hangup", { reason: "via consented" }],
      no: ["hangup", { reason: "via declined" }],
    },
    edges: [
      ["start", "inbound", "consent"],
      ["consent", "consented", "rec"],
      ["rec", "next", "yes"],
      ["consent", "declined", "recAfterDecline"],
      ["recAfterDecline", "next", "no"],
    ],
  });

describe("recordingConsent", () => {
  test("one-party state: announced, not required, recording starts", () => {
    const call = testCall(flow({}), { call: { callerState: "tx" } });
    expect(call.commands).toEqual([
      say,
      { type: "recording.start", channels: "dual" },
      { type: "hangup", reason: "via consented" },
    ]);
    expect(traceLines(call.trace)[1]).toBe("consent enter -> consented: consent not required (caller in TX)");
    expect(call.state.frame.nodes.consent).toEqual({ status: "not-required" });
  });

  test("all-party state without asking: the announcement is the notice, staying on counts as consent", () => {
    const call = testCall(flow({}), { call: { callerState: "CA" } });
    expect(exitVia(call.commands)).toBe("via consented");
    expect(call.state.consent).toBe("granted");
    expect(call.trace[1]?.reason).toBe(
      "consent required (caller in CA); announced, staying on the line counts as consent",
    );
  });

  test("asking to press 1: the key grants consent", () => {
    const call = testCall(flow({ askToAgree: true }), { call: { callerState: "FL" } });
    expect(call.commands).toEqual([
      {
        type: "gather",
        turn: 1,
        input: ["dtmf"],
        timeoutSeconds: 5,
        numDigits: 1,
        language: "en-US",
        prompts: [say],
      },
    ]);
    call.send({ type: "gather.result", digits: "1" });
    expect(call.commands).toEqual([
      { type: "recording.start", channels: "dual" },
      { type: "hangup", reason: "via consented" },
    ]);
  });

  test("another key or silence declines, and recording never starts after Declined", () => {
    for (const event of [{ type: "gather.result", digits: "2" }, { type: "gather.timeout" }] as const) {
      const call = testCall(flow({ askToAgree: true }), { call: { callerState: "WA" } });
      call.send(event);
      expect(call.commands).toEqual([{ type: "hangup", reason: "via declined" }]);
      expect(call.state).toMatchObject({ consent: "declined", recording: false });
      expect(call.trace[1]?.reason).toBe("not recording: consent was declined");
    }
  });

  test("an unknown caller state requires consent; 'always' requires it everywhere", () => {
    expect(testCall(flow({ askToAgree: true })).commands[0]?.type).toBe("gather");
    expect(
      testCall(flow({ askToAgree: true, requirement: "always" }), { call: { callerState: "TX" } }).commands[0]
        ?.type,
    ).toBe("gather");
  });

  test("declining stops a recording already running", () => {
    const doc = buildFlow({
      nodes: {
        start: ["start"],
        rec: ["startRecording"],
        consent: ["recordingConsent", { announcement, askToAgree: true, requirement: "always" }],
        no: ["hangup", { reason: "via declined" }],
      },
      edges: [
        ["start", "inbound", "rec"],
        ["rec", "next", "consent"],
        ["consent", "declined", "no"],
      ],
    });
    const call = testCall(doc, { call: { callerState: "NY" } });
    expect(call.commands.map((c) => c.type)).toEqual(["recording.start", "gather"]);
    call.send({ type: "gather.result", digits: "9" });
    expect(call.commands).toEqual([{ type: "recording.stop" }, { type: "hangup", reason: "via declined" }]);
  });
});
