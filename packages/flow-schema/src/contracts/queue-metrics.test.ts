import { describe, expect, it } from "vitest";
import { queueEventSchema, type QueueEvent } from "./queue-events.ts";
import { availability, serviceLevel } from "./queue-metrics.ts";

const base = { tenantId: "t1", queueId: "support", test: false };
const entered = (callId: string, at: number, extra: Partial<typeof base> = {}): QueueEvent => ({
  type: "queue.entered",
  ...base,
  ...extra,
  callId,
  at,
  priority: 0,
});
const answered = (callId: string, waitMs: number, extra: Partial<typeof base> = {}): QueueEvent => ({
  type: "queue.answered",
  ...base,
  ...extra,
  callId,
  at: waitMs,
  agentId: "a1",
  waitMs,
});
const abandoned = (callId: string, waitMs: number): QueueEvent => ({
  type: "queue.abandoned",
  ...base,
  callId,
  at: waitMs,
  waitMs,
});
const state = (
  at: number,
  next: Extract<QueueEvent, { type: "agent.state-changed" }>["state"],
): QueueEvent => ({
  type: "agent.state-changed",
  tenantId: "t1",
  agentId: "a1",
  at,
  state: next,
  reason: next === "away" ? "break" : null,
  queueId: null,
});

describe("service level", () => {
  it("is answered within the threshold over offered less short abandons, ignoring test calls and other queues", () => {
    const events: QueueEvent[] = [
      entered("c1", 0),
      answered("c1", 10_000), // within 20 s
      entered("c2", 0),
      answered("c2", 30_000), // late
      entered("c3", 0),
      abandoned("c3", 3_000), // short abandon: not counted
      entered("c4", 0),
      abandoned("c4", 60_000), // counts against
      entered("c5", 0, { test: true }),
      answered("c5", 1_000, { test: true }),
      entered("c6", 0, { queueId: "sales" }),
      answered("c6", 1_000, { queueId: "sales" }),
      answered("c1", 10_000), // a repeated event counts once
    ];
    for (const event of events) expect(queueEventSchema.parse(event)).toEqual(event);
    const level = serviceLevel(events, { queueId: "support", thresholdSeconds: 20 });
    expect(level).toEqual({
      offered: 4,
      answered: 2,
      answeredWithinThreshold: 1,
      abandoned: 2,
      shortAbandoned: 1,
      value: 1 / 3,
    });
  });

  it("honours another short-abandon threshold, and has no value with nothing offered", () => {
    const events = [entered("c1", 0), abandoned("c1", 3_000), entered("c2", 0), answered("c2", 1_000)];
    expect(
      serviceLevel(events, { queueId: "support", thresholdSeconds: 20, shortAbandonSeconds: 2 }).value,
    ).toBe(1 / 2);
    expect(serviceLevel(events, { queueId: "support", thresholdSeconds: 20 }).value).toBe(1);
    expect(serviceLevel([], { queueId: "support", thresholdSeconds: 20 }).value).toBeNull();
  });
});

describe("availability", () => {
  it("is time available, ringing, on a call or in wrap-up over time signed in, clipped to the window", () => {
    const events = [
      state(0, "available"), // 0-10: working
      state(10, "ringing"), // 10-12: working
      state(12, "on-call"), // 12-40: working
      state(40, "wrap-up"), // 40-50: working
      state(50, "away"), // 50-70: signed in, not working
      state(70, "offline"), // 70-90: not signed in
      state(90, "available"), // 90-100: working
    ];
    expect(availability(events, { agentId: "a1", from: 0, until: 100 })).toEqual({
      signedInMs: 80,
      workingMs: 60,
      value: 60 / 80,
    });
    expect(availability(events, { agentId: "a1", from: 45, until: 75 })).toEqual({
      signedInMs: 25,
      workingMs: 5,
      value: 5 / 25,
    });
    expect(availability(events, { agentId: "other", from: 0, until: 100 }).value).toBeNull();
  });
});
