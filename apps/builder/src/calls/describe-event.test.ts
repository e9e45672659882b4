import { describe, expect, it } from "vitest";
import { callTimeline, describeOutcome, flowVersionLink, type CallEventRow } from "./describe-event.ts";

const at = "2026-11-20T12:00:00.000Z";
let seq = 0;
const event = (type: string, nodeId: string | null, data: Record<string, unknown>, port: string | null = null) =>
  ({ seq: ++seq, at, type, nodeId, port, data }) as CallEventRow;
const trace = (kind: string, reason: string) => ({ turn: 1, flowId: null, kind, reason, variables: {} });

const blocks = {
  start: { name: null, kind: "start" },
  n_menu: { name: "Main menu", kind: "menu" },
  n_sales: { name: "Sales", kind: "transfer" },
  n_vm: { name: null, kind: "voicemail" },
};

describe("the call's timeline in sentences", () => {
  it("says what the caller did, block by block by name, with the voicemail's player", () => {
    const lines = callTimeline({
      blocks,
      recordings: [{ id: "rec-1", kind: "voicemail", durationSeconds: 34 }],
      events: [
        event("call.start", null, { from: "+15550001", to: "+15550002", direction: "inbound", callerState: null }),
        event("enter", "start", trace("start", "inbound")),
        event("enter", "n_menu", trace("menu", "asking")),
        event("wait", "n_menu", trace("menu", "waiting")),
        event("input", "n_menu", { event: "gather.result", at: 1, digits: "2" }),
        event("resume", "n_menu", trace("menu", "caller pressed 2"), "sales"),
        event("input", "n_sales", { event: "dial.result", at: 2, status: "no-answer" }),
        event("input", "n_vm", { event: "record.result", at: 3, durationSeconds: 34, url: "https://x/r" }),
        event("end", "n_vm", trace("hangup", "the caller hung up")),
      ],
    });
    expect(lines.map((l) => l.text)).toEqual([
      "Call from +15550001 to +15550002",
      "Reached Main menu",
      "Caller pressed 2 in Main menu",
      "Transferred to Sales — no answer",
      "Left a 34 s voicemail",
      "Caller hung up in the voicemail block",
    ]);
    expect(lines.find((l) => l.text.startsWith("Left"))?.recordingId).toBe("rec-1");
    expect(lines.filter((l) => l.recordingId)).toHaveLength(1);
    expect(lines.map((l) => l.text).join(" ")).not.toContain("n_");
  });

  it("says an answered transfer's length, a silent caller, an empty voicemail and a failed request in words", () => {
    const lines = callTimeline({
      blocks,
      recordings: [],
      events: [
        event("input", "n_menu", { event: "gather.timeout", at: 1 }),
        event("input", "n_sales", { event: "dial.result", at: 2, status: "answered", durationSeconds: 40 }),
        event("input", "n_vm", { event: "record.result", at: 3, durationSeconds: 0 }),
        event("http.error", "gone", { message: "timed out", timedOut: true }),
      ],
    });
    expect(lines.map((l) => l.text)).toEqual([
      "Caller pressed nothing in Main menu",
      "Transferred to Sales — answered after 40 s",
      "Caller left no message in the voicemail block",
      "The request in a block of another version failed: timed out",
    ]);
    expect(lines.some((l) => l.recordingId)).toBe(false);
  });
});

describe("the outcome in words", () => {
  it("tells a voicemail from a hang-up, and a call still going from one that ended", () => {
    expect(describeOutcome({ outcome: "voicemail", status: "COMPLETED" })).toBe("Left a voicemail");
    expect(describeOutcome({ outcome: "caller-hangup", status: "COMPLETED" })).toBe("Caller hung up");
    expect(describeOutcome({ outcome: "hangup", status: "COMPLETED" })).toBe("Flow ended the call");
    expect(describeOutcome({ outcome: null, status: "IN_PROGRESS" })).toBe("In progress");
    expect(describeOutcome({ outcome: null, status: "NO_ANSWER" })).toBe("No answer");
    expect(describeOutcome({ outcome: "something-new", status: "COMPLETED" })).toBe("something new");
  });

  it("links a call to the version it ran, or to the draft when it ran none", () => {
    expect(flowVersionLink("f1", 3)).toBe("/flows/f1?version=3");
    expect(flowVersionLink("f1", undefined)).toBe("/flows/f1");
  });
});
