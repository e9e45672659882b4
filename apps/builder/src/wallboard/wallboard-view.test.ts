import { agentStatusSchema, liveCallSchema, queueSummarySchema } from "@ringflow/flow-schema";
import { describe, expect, it } from "vitest";
import { queueAlerts, waitingCallbacks, wallboardRows, type WallboardData } from "./wallboard-view.ts";

const data: WallboardData = {
  at: 10_000,
  timeZone: "UTC",
  queues: [
    {
      queueId: "billing",
      name: "Billing",
      waiting: 1,
      longestWaitMs: 4_000,
      availableAgents: 0,
      answered: 3,
      abandoned: 1,
      serviceLevel: 0.5,
      serviceLevelThresholdSeconds: 20,
    },
  ],
  agents: [
    {
      agentId: "ada",
      displayName: "Ada",
      state: "available",
      reason: null,
      queueId: null,
      sinceMs: 1_000,
      availability: 1,
    },
  ],
};

describe("wallboardRows", () => {
  it("lays the live feed over today's counts when it is newer", () => {
    const feed = {
      agents: new Map([
        [
          "ada",
          agentStatusSchema.parse({ agentId: "ada", state: "on-call", queueId: "billing", since: 9_000 }),
        ],
      ]),
      queues: new Map([
        ["billing", queueSummarySchema.parse({ queueId: "billing", waiting: 0, updatedAt: 11_000 })],
      ]),
      calls: new Map([
        [
          "c1",
          liveCallSchema.parse({ callId: "c1", phase: "connected", agentId: "ada", from: "+14155550100" }),
        ],
      ]),
    };
    const rows = wallboardRows(data, feed);
    expect(rows.agents[0]).toMatchObject({ state: "on-call", since: 9_000, queueId: "billing" });
    expect(rows.agents[0]!.call?.from).toBe("+14155550100");
    expect(rows.queues[0]).toMatchObject({ waiting: 0, oldestSince: null, answered: 3 });
  });

  it("shows the call the agent answered last, not one they transferred on that is still connected", () => {
    const call = (callId: string, from: string, answeredAt: number) =>
      [
        callId,
        liveCallSchema.parse({ callId, phase: "connected", agentId: "ada", from, answeredAt }),
      ] as const;
    const calls = new Map([call("new", "+14155550102", 8_000), call("old", "+14155550101", 2_000)]);
    const rows = wallboardRows(data, { agents: new Map(), queues: new Map(), calls });
    expect(rows.agents[0]!.call?.from).toBe("+14155550102");
  });

  it("keeps the API's numbers when the feed knows nothing newer", () => {
    const rows = wallboardRows(data, { agents: new Map(), queues: new Map(), calls: new Map() });
    expect(rows.agents[0]).toMatchObject({ state: "available", since: 1_000, call: null });
    expect(rows.queues[0]).toMatchObject({ waiting: 1, oldestSince: 6_000 });
  });
});

describe("queueAlerts", () => {
  it("says which queue crossed which threshold", () => {
    const { queues } = wallboardRows(data, { agents: new Map(), queues: new Map(), calls: new Map() });
    const alerts = queueAlerts(queues, 30_000, 0.8);
    expect(alerts.map((a) => a.text)).toEqual([
      "Billing: 1 waiting and no agent is free.",
      "Billing: a caller has waited 24 s, more than the 20 s goal.",
      "Billing: 50% answered within 20 s today, below the 80% target.",
    ]);
    expect(queueAlerts(queues, 7_000, 0.5).map((a) => a.severity)).toEqual(["critical"]);
  });
});

describe("waitingCallbacks", () => {
  it("lists the callers waiting to be called back with their numbers, longest waiting first, until answered", () => {
    const call = (callId: string, fields: Record<string, unknown>) =>
      [callId, liveCallSchema.parse({ callId, queueId: "billing", ...fields })] as const;
    const calls = new Map([
      // The caller hung up after confirming: still waiting, the number is what the feed keeps of them.
      call("late", {
        phase: "ended",
        callbackRequested: true,
        callbackNumber: "+14155550111",
        enteredQueueAt: 5_000,
      }),
      call("early", {
        phase: "ringing",
        callbackRequested: true,
        callbackNumber: "+14155550122",
        enteredQueueAt: 2_000,
      }),
      call("answered", {
        phase: "connected",
        callbackRequested: true,
        callbackNumber: "+14155550133",
        answeredAt: 9_000,
      }),
      call("given-up", { phase: "ended", callbackRequested: true, callbackNumber: null }),
      call("plain", { phase: "queued", enteredQueueAt: 1_000 }),
    ]);
    expect(waitingCallbacks({ calls })).toEqual([
      { callId: "early", queueId: "billing", number: "+14155550122", since: 2_000, ringing: true },
      { callId: "late", queueId: "billing", number: "+14155550111", since: 5_000, ringing: false },
    ]);
  });
});
