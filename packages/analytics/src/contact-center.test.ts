import { describe, expect, it } from "vitest";
import type { HoldEvent, QueueEvent } from "@ringflow/flow-schema";
import { rollupAgents } from "./agent-rollup.ts";
import { holdSpans } from "./hold-spans.ts";
import { rollupQueues } from "./queue-rollup.ts";
import { agentSegments } from "./segments.ts";
import { agentSummary, queueSummary, sumRows, type AgentTotals, type QueueTotals } from "./summaries.ts";

const at = (h: number, m: number, s = 0) => Date.UTC(2026, 10, 30, h, m, s);
const base = { tenantId: "t", queueId: "q1", test: false };
const entered = (callId: string, t: number, test = false): QueueEvent => ({
  type: "queue.entered",
  ...base,
  test,
  callId,
  at: t,
  priority: 0,
});
const answered = (callId: string, t: number, agentId: string, waitS: number, test = false): QueueEvent => ({
  type: "queue.answered",
  ...base,
  test,
  callId,
  at: t,
  agentId,
  waitMs: waitS * 1000,
});
const abandoned = (callId: string, t: number, waitS: number): QueueEvent => ({
  type: "queue.abandoned",
  ...base,
  callId,
  at: t,
  waitMs: waitS * 1000,
});
const state = (agentId: string, t: number, s: string, reason: string | null = null): QueueEvent => ({
  type: "agent.state-changed",
  tenantId: "t",
  agentId,
  at: t,
  state: s as "available",
  reason,
  queueId: s === "on-call" || s === "wrap-up" ? "q1" : null,
});

/** The history the hand calculation below is made from (see each line). */
const history: QueueEvent[] = [
  state("A", at(13, 30), "available"),
  entered("c1", at(14, 0)),
  answered("c1", at(14, 0, 10), "A", 10),
  state("A", at(14, 0, 10), "on-call"),
  state("A", at(14, 5, 10), "wrap-up"),
  state("A", at(14, 5, 40), "available"),
  entered("c2", at(14, 10)),
  answered("c2", at(14, 10, 30), "A", 30),
  state("A", at(14, 10, 30), "on-call"),
  state("A", at(15, 10, 30), "wrap-up"),
  state("A", at(15, 11), "available"),
  state("A", at(15, 30), "away", "lunch"),
  state("A", at(15, 45), "offline"),
  entered("c3", at(14, 20)),
  abandoned("c3", at(14, 20, 3), 3),
  entered("c4", at(14, 30)),
  abandoned("c4", at(14, 31), 60),
  entered("c5", at(14, 40)),
  { type: "queue.callback-requested", ...base, callId: "c5", at: at(14, 41), number: "+14155550105" },
  state("B", at(14, 50), "available"),
  entered("c6", at(14, 59, 50)),
  answered("c6", at(15, 0, 5), "B", 15),
  state("B", at(15, 0, 5), "on-call"),
  state("B", at(15, 4, 5), "wrap-up"),
  state("B", at(15, 4, 35), "available"),
  // A builder test call: never counted.
  entered("t1", at(14, 15), true),
  answered("t1", at(14, 15, 1), "B", 1, true),
];
/** Redelivered events and events that arrive late (out of order). */
const duplicated = [...history, history[2]!, history[16]!, history[1]!].reverse();
const queues = new Map([["q1", { thresholdSeconds: 20, shortAbandonSeconds: 5 }]]);
const dispositions = [
  { agentId: "A", callId: "c1", at: at(14, 5, 40), disposition: "sale" },
  { agentId: "A", callId: "c2", at: at(15, 11), disposition: "support" },
  { agentId: "B", callId: "c6", at: at(15, 4, 35), disposition: "sale" },
  { agentId: "A", callId: "c1", at: at(14, 5, 40), disposition: "sale" },
];
const S = 1000;

describe("queue rollup", () => {
  const rows = rollupQueues(duplicated, { timeZone: "UTC", queues });
  const h14 = rows.find((r) => r.hour === at(14, 0));
  const h15 = rows.find((r) => r.hour === at(15, 0));

  it("counts calls in the hour they entered, each once, never test calls", () => {
    expect(h14).toMatchObject({
      offered: 6, // c1..c6 (c6 entered 14:59:50, answered 15:00:05)
      answered: 3, // c1, c2, c6
      answeredWithinThreshold: 2, // c1 (10 s), c6 (15 s); c2 waited 30 s
      abandoned: 2, // c3, c4
      shortAbandoned: 1, // c3 (3 s)
      callbacks: 1, // c5
      answerWaitMs: 55 * S, // 10 + 30 + 15
      abandonWaitMs: 63 * S, // 3 + 60
    });
    // Handle and wrap-up in the hour they began: A's 300 s and 3600 s calls, A's 30 s wrap-up.
    expect(h14).toMatchObject({ handled: 2, handleMs: 3900 * S, wrapUps: 1, wrapUpMs: 30 * S });
    // B's 240 s call of c6 and two 30 s wrap-ups (A at 15:10:30, B at 15:04:05).
    expect(h15).toMatchObject({ offered: 0, handled: 1, handleMs: 240 * S, wrapUps: 2, wrapUpMs: 60 * S });
  });

  it("gives the wallboard's service level and the averages a supervisor reads", () => {
    const s = queueSummary(sumRows(rows) as unknown as QueueTotals);
    expect(s.serviceLevel).toBe(2 / 5); // within threshold / (offered − short abandons)
    expect(s.abandonRate).toBe(1 / 5); // c4 only; short abandons left out
    expect(s.averageSpeedOfAnswerSeconds).toBe(18.3); // 55 s / 3
    expect(s.averageHandleSeconds).toBe(1380); // (300 + 3600 + 240) / 3
    expect(s.averageWrapUpSeconds).toBe(30);
  });

  it("is the same however often it runs and however the events arrive", () => {
    expect(rollupQueues(history, { timeZone: "UTC", queues })).toEqual(rows);
    expect(rollupQueues(duplicated, { timeZone: "UTC", queues })).toEqual(rows);
  });

  it("counts hold time in the hour it began", () => {
    const hold = { queueId: "q1", agentId: "A", callId: "c2", at: at(14, 20), ms: 45 * S };
    const withHold = rollupQueues(history, { timeZone: "UTC", queues, holds: [hold, hold] });
    expect(withHold.find((r) => r.hour === at(14, 0))).toMatchObject({ holds: 1, holdMs: 45 * S });
  });
});

describe("agent rollup", () => {
  const rows = rollupAgents(duplicated, { timeZone: "UTC", from: at(13, 0), until: at(16, 0), dispositions });
  const get = (agentId: string, h: number) => rows.find((r) => r.agentId === agentId && r.hour === at(h, 0));

  it("splits time per state by hour and counts availability with the wallboard's definition", () => {
    expect(get("A", 13)).toMatchObject({ signedInMs: 1800 * S, workingMs: 1800 * S, handled: 0 });
    expect(get("A", 14)?.stateMs).toMatchObject({
      available: 300 * S,
      "on-call": 3270 * S,
      "wrap-up": 30 * S,
    });
    expect(get("A", 14)).toMatchObject({
      handled: 2,
      handleMs: 3270 * S,
      wrapUpMs: 30 * S,
      signedInMs: 3600 * S,
    });
    expect(get("A", 15)?.stateMs).toMatchObject({
      "on-call": 630 * S,
      "wrap-up": 30 * S,
      available: 1140 * S,
      away: 900 * S,
      offline: 900 * S,
    });
    expect(get("A", 15)).toMatchObject({ signedInMs: 2700 * S, workingMs: 1800 * S, handled: 0 });
    expect(get("B", 15)).toMatchObject({ handled: 1, handleMs: 240 * S, wrapUpMs: 30 * S });
    expect(get("B", 15)?.stateMs.available).toBe(3330 * S); // 5 s + 55 min 25 s
    expect(get("B", 14)?.handled).toBe(0); // t1 was a test call
  });

  it("counts dispositions once, in the hour they were given", () => {
    expect(get("A", 14)?.dispositions).toEqual({ sale: 1 });
    expect(get("A", 15)?.dispositions).toEqual({ support: 1 });
    expect(get("B", 15)?.dispositions).toEqual({ sale: 1 });
  });

  it("sums to what a manager asks for over the day", () => {
    const a = agentSummary(sumRows(rows.filter((r) => r.agentId === "A")) as unknown as AgentTotals);
    expect(a.handled).toBe(2);
    expect(a.averageHandleSeconds).toBe(1950); // (300 + 3600) / 2
    expect(a.averageWrapUpSeconds).toBe(30);
    expect(a.availability).toBeCloseTo((1800 + 3600 + 1800) / (1800 + 3600 + 2700), 6);
    expect(a.dispositions).toEqual({ sale: 1, support: 1 });
  });

  it("is idempotent", () => {
    const opts = { timeZone: "UTC", from: at(13, 0), until: at(16, 0), dispositions };
    expect(rollupAgents(history, opts)).toEqual(expect.arrayContaining(rows));
    expect(rollupAgents(history, opts)).toHaveLength(rows.length);
  });
});

const hold = (
  type: HoldEvent["type"],
  callId: string,
  t: number,
  agentId: string,
  requestId: string,
  test = false,
): HoldEvent => ({ type, ...base, test, callId, at: t, agentId, requestId });

/** Holds during the calls of `history` (A on c1 14:00:10–14:05:10 and c2 14:10:30–15:10:30, B on c6 15:00:05–15:04:05). */
const holdEvents: HoldEvent[] = [
  hold("call.held", "c1", at(14, 1), "A", "r1"),
  hold("call.resumed", "c1", at(14, 1, 45), "A", "r2"), // 45 s
  hold("call.resumed", "c1", at(14, 1, 45), "A", "r2"), // the same request retried: once
  hold("call.held", "c1", at(14, 3), "A", "r3"),
  hold("call.resumed", "c1", at(14, 3, 20), "A", "r4"), // 20 s
  hold("call.resumed", "c1", at(14, 4), "A", "r5"), // not on hold: nothing
  hold("call.held", "c2", at(14, 59), "A", "r6"), // never resumed: until A's call ends at 15:10:30, 690 s
  hold("call.held", "c6", at(15, 1), "B", "r7"),
  hold("call.held", "c6", at(15, 1), "B", "r7"),
  hold("call.resumed", "c6", at(15, 2), "B", "r8"), // 60 s
  hold("call.held", "t1", at(14, 15, 2), "B", "r9", true), // a test call: never
];

describe("hold time", () => {
  const spans = holdSpans([...holdEvents].reverse(), agentSegments(history), at(16, 0));

  it("pairs each hold with its resume, or with the end of the agent's call", () => {
    expect(spans.map((s) => [s.callId, s.agentId, s.at, s.ms / S]).sort()).toEqual(
      [
        ["c1", "A", at(14, 1), 45],
        ["c1", "A", at(14, 3), 20],
        ["c2", "A", at(14, 59), 690],
        ["c6", "B", at(15, 1), 60],
      ].sort(),
    );
    // A hold still going lasts until now.
    const open = holdSpans(holdEvents, agentSegments(history), at(15, 0));
    expect(open.find((s) => s.callId === "c2")?.ms).toBe(60 * S);
  });

  it("counts per queue and per agent in the hour each hold began, and averages over calls handled", () => {
    const q = rollupQueues(duplicated, { timeZone: "UTC", queues, holds: spans });
    expect(q.find((r) => r.hour === at(14, 0))).toMatchObject({ holds: 3, holdMs: 755 * S }); // 45 + 20 + 690
    expect(q.find((r) => r.hour === at(15, 0))).toMatchObject({ holds: 1, holdMs: 60 * S });
    expect(queueSummary(sumRows(q) as unknown as QueueTotals).averageHoldSeconds).toBe(271.7); // 815 s / 3 calls

    const a = rollupAgents(duplicated, { timeZone: "UTC", from: at(13, 0), until: at(16, 0), holds: spans });
    const get = (agentId: string, h: number) => a.find((r) => r.agentId === agentId && r.hour === at(h, 0));
    expect(get("A", 14)).toMatchObject({ holds: 3, holdMs: 755 * S });
    expect(get("A", 15)).toMatchObject({ holds: 0, holdMs: 0 });
    expect(get("B", 15)).toMatchObject({ holds: 1, holdMs: 60 * S });
    const ana = agentSummary(sumRows(a.filter((r) => r.agentId === "A")) as unknown as AgentTotals);
    expect(ana).toMatchObject({ holds: 3, averageHoldSeconds: 377.5 }); // 755 s / 2 calls
  });
});
