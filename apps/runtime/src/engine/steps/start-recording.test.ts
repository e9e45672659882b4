import { describe, expect, test } from "vitest";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { exitVia, single, testCall, traceLines } from "../test-kit.ts";

describe("startRecording", () => {
  test("starts when the caller is known to be in a one-party state", () => {
    const call = testCall(single("startRecording", { channels: "mono" }), { call: { callerState: "NY" } });
    expect(call.commands).toEqual([
      { type: "recording.start", channels: "mono" },
      { type: "hangup", reason: "via next" },
    ]);
    expect(call.state.frame.nodes.node).toEqual({ started: true });
  });

  test("without consent where it is required (or the state is unknown) it continues without recording", () => {
    for (const callerState of ["CA", undefined]) {
      const call = testCall(single("startRecording"), { call: callerState ? { callerState } : {} });
      expect(call.commands).toEqual([{ type: "hangup", reason: "via next" }]);
      expect(exitVia(call.commands)).toBe("via next");
      expect(call.state.frame.nodes.node).toEqual({ started: false });
      expect(traceLines(call.trace)[1]).toBe(
        `node enter -> next: not recording: consent is required (caller's state ${callerState ?? "unknown"}) and was not given`,
      );
    }
  });

  test("starting twice emits one recording.start", () => {
    const doc = buildFlow({
      nodes: { start: ["start"], a: ["startRecording"], b: ["startRecording"] },
      edges: [
        ["start", "inbound", "a"],
        ["a", "next", "b"],
      ],
    });
    const call = testCall(doc, { call: { callerState: "NY" } });
    expect(call.commands.filter((c) => c.type === "recording.start")).toHaveLength(1);
    expect(call.trace[2]?.reason).toBe("already recording");
  });
});

describe("stopRecording", () => {
  test("stops a running recording, and is a no-op otherwise", () => {
    const doc = buildFlow({
      nodes: {
        start: ["start"],
        a: ["startRecording"],
        b: ["stopRecording"],
        c: ["stopRecording"],
        bye: ["hangup", { reason: "via next" }],
      },
      edges: [
        ["start", "inbound", "a"],
        ["a", "next", "b"],
        ["b", "next", "c"],
        ["c", "next", "bye"],
      ],
    });
    const call = testCall(doc, { call: { callerState: "NY" } });
    expect(call.commands).toEqual([
      { type: "recording.start", channels: "dual" },
      { type: "recording.stop" },
      { type: "hangup", reason: "via next" },
    ]);
    expect(traceLines(call.trace).slice(2, 4)).toEqual([
      "b enter -> next: recording stopped",
      "c enter -> next: was not recording",
    ]);
    expect(call.state.recording).toBe(false);
  });
});
