import { describe, expect, it } from "vitest";
import {
  desktopClientMessageSchema,
  desktopServerMessageSchema,
  liveCallSchema,
  sourceEventSchema,
} from "./desktop-socket.ts";

describe("desktop socket contract", () => {
  it("reads both the call core's and the queue engine's events from a tenant's channel", () => {
    const base = { tenantId: "t", callId: "c", at: 1, test: false };
    expect(sourceEventSchema.parse({ type: "call.ended", ...base, reason: "hangup" }).type).toBe(
      "call.ended",
    );
    expect(sourceEventSchema.parse({ type: "queue.entered", ...base, queueId: "q", priority: 0 }).type).toBe(
      "queue.entered",
    );
    expect(sourceEventSchema.safeParse({ type: "call.exploded", ...base }).success).toBe(false);
  });

  it("names the cause of an entity change only with a known event type", () => {
    const event = (cause: string) => ({
      type: "event",
      seq: 3,
      event: { type: "call.state-changed", tenantId: "t", at: 1, cause, call: { callId: "c" } },
    });
    const parsed = desktopServerMessageSchema.parse(event("queue.answered"));
    expect(
      parsed.type === "event" && parsed.event.type === "call.state-changed" && parsed.event.call.phase,
    ).toBe("in-flow");
    expect(desktopServerMessageSchema.safeParse(event("made.up")).success).toBe(false);
  });

  it("fills what is not known yet about a call with its defaults", () => {
    const call = liveCallSchema.parse({ callId: "c", queueId: "q" });
    expect(call).toMatchObject({ from: null, offeredTo: [], variables: {}, queueId: "q", phase: "in-flow" });
  });

  it("refuses a resume without a sequence number", () => {
    expect(desktopClientMessageSchema.safeParse({ type: "resume" }).success).toBe(false);
    expect(desktopClientMessageSchema.parse({ type: "resume", afterSeq: 0 })).toEqual({
      type: "resume",
      afterSeq: 0,
    });
  });
});
