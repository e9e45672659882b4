import { afterAll, describe, expect, it } from "vitest";
import { availability, serviceLevel } from "@ringflow/flow-schema";
import { availableAgents, twilioCaller, engineProcesses, manualClock, newTenant } from "./test-fixtures.ts";

const time = manualClock();
const { engines, close } = engineProcesses(1, time.clock);
const engine = engines[0]!;
afterAll(close);

describe("queue engine", () => {
  it("offers a caller to the longest-idle agent, connects on accept, wraps up, and records countable events", async () => {
    const tenant = newTenant();
    await engine.configureQueue(tenant, { queueId: "support", wrapUpSeconds: 10 });
    await availableAgents(engine, tenant, "support", ["a1"]);
    time.advance(1_000);
    await availableAgents(engine, tenant, "support", ["a2"]);
    time.advance(1_000);

    const entered = await engine.enqueue(tenant, {
      queueId: "support",
      callId: "c1",
      reaches: ["twilio-client"],
    });
    expect(entered).toMatchObject({ status: "waiting", position: 1 });
    expect(entered.offers).toHaveLength(1);
    const offer = entered.offers[0]!;
    expect(offer.agents).toEqual([{ agentId: "a1", kind: "twilio-client", address: "client:a1" }]);
    expect((await engine.status(tenant, "c1")).status).toBe("offered");
    // The agent being rung cannot change its state; another agent cannot take the offer.
    expect((await engine.setAgentState(tenant, "a1", { state: "offline" })).status).toBe("busy");
    expect((await engine.accept(tenant, offer.offerId, "a2")).status).toBe("not-offered");

    time.advance(4_000);
    const accepted = await engine.accept(tenant, offer.offerId, "a1");
    expect(accepted).toMatchObject({ status: "connected", callId: "c1", agentId: "a1" });
    expect((await engine.accept(tenant, offer.offerId, "a1")).status).toBe("gone");

    time.advance(60_000);
    await engine.complete(tenant, "c1");
    time.advance(10_000);
    const tick = await engine.tick(tenant);
    expect(tick.events).toContainEqual(
      expect.objectContaining({ type: "agent.state-changed", agentId: "a1", state: "available" }),
    );

    const events = (await engine.events(tenant)).map((entry) => entry.event);
    expect(events.map((event) => event.type)).toContain("queue.answered");
    expect(serviceLevel(events, { queueId: "support", thresholdSeconds: 20 }).value).toBe(1);
    // a1: available 2 s, ringing 4 s, on the call 60 s, wrap-up 10 s; all of it working time.
    const start = events.find(
      (event) => event.type === "agent.state-changed" && event.state === "available",
    )!.at;
    expect(availability(events, { agentId: "a1", from: start, until: time.clock() }).value).toBe(1);
  });

  it("overflows a full queue and callers past their maximum wait, and gives position and estimated wait", async () => {
    const tenant = newTenant();
    await engine.configureQueue(tenant, {
      queueId: "q",
      maxSize: 2,
      maxWaitSeconds: 60,
      defaultHandleSeconds: 120,
    });
    // Staffed, but on no endpoint these callers' provider reaches: nobody is assigned.
    await engine.configureAgent(tenant, { agentId: "unreachable", queueIds: ["q"] });
    await engine.setAgentState(tenant, "unreachable", { state: "available" });
    const first = await engine.enqueue(tenant, { queueId: "q", callId: "c1", reaches: ["sip"] });
    const second = await engine.enqueue(tenant, { queueId: "q", callId: "c2", reaches: ["sip"] });
    expect(first).toMatchObject({ position: 1, estimatedWaitMs: 120_000 });
    expect(second).toMatchObject({ position: 2, estimatedWaitMs: 240_000 });
    await engine.setAgentState(tenant, "unreachable", { state: "away", reason: "lunch" });
    expect((await engine.status(tenant, "c1")).estimatedWaitMs).toBeNull();
    expect(await engine.enqueue(tenant, { queueId: "q", callId: "c3", reaches: ["sip"] })).toMatchObject({
      status: "overflow",
      reason: "queue-full",
    });
    // A replay of the same enqueue changes nothing.
    expect((await engine.enqueue(tenant, { queueId: "q", callId: "c2", reaches: ["sip"] })).position).toBe(2);
    await engine.requestCallback(tenant, "c2", "+14155550100");
    time.advance(60_000);
    const tick = await engine.tick(tenant);
    expect(tick.overflowed).toEqual(["c1"]);
    expect(await engine.status(tenant, "c2")).toMatchObject({
      status: "waiting",
      position: 1,
      callback: true,
    });
  });

  it("rings only agents the caller's provider reaches, else their phone, and skips those with too few skills", async () => {
    const tenant = newTenant();
    await engine.configureQueue(tenant, { queueId: "q", strategy: "skills" });
    await availableAgents(engine, tenant, "q", ["sdk-only"], () => ({ skills: { spanish: 3 } }));
    await availableAgents(engine, tenant, "q", ["with-phone"], () => ({
      skills: { spanish: 2 },
      endpoints: [
        { kind: "twilio-client", address: "client:with-phone" },
        { kind: "phone", address: "+14155550111" },
      ],
    }));
    await availableAgents(engine, tenant, "q", ["no-spanish"], () => ({
      endpoints: [{ kind: "sip", address: "sip:x@pbx" }],
    }));
    const asterisk = await engine.enqueue(tenant, {
      queueId: "q",
      callId: "c1",
      reaches: ["sip", "phone"],
      requiredSkills: { spanish: 1 },
    });
    expect(asterisk.offers[0]?.agents).toEqual([
      { agentId: "with-phone", kind: "phone", address: "+14155550111" },
    ]);
    const twilio = await engine.enqueue(tenant, {
      queueId: "q",
      callId: "c2",
      reaches: ["twilio-client", "sip", "phone"],
      requiredSkills: { spanish: 3 },
    });
    expect(twilio.offers[0]?.agents.map((agent) => agent.agentId)).toEqual(["sdk-only"]);
    const none = await engine.enqueue(tenant, { queueId: "q", callId: "c3", reaches: ["phone"] });
    expect(none.offers).toEqual([]);
  });

  it("rings every free agent under ring-all; the first to accept wins and the others are freed", async () => {
    const tenant = newTenant();
    await engine.configureQueue(tenant, { queueId: "q", strategy: "ring-all" });
    await availableAgents(engine, tenant, "q", ["a1", "a2", "a3"]);
    const { offers } = await engine.enqueue(tenant, twilioCaller("c1"));
    expect(offers[0]?.agents.map((agent) => agent.agentId)).toEqual(["a1", "a2", "a3"]);
    const offerId = offers[0]!.offerId;
    const [first, second] = await Promise.all([
      engine.accept(tenant, offerId, "a2"),
      engine.accept(tenant, offerId, "a3"),
    ]);
    expect([first.status, second.status]).toEqual(["connected", "gone"]);
    const next = await engine.enqueue(tenant, twilioCaller("c2"));
    expect(next.offers[0]?.agents.map((agent) => agent.agentId).sort()).toEqual(["a1", "a3"]);
  });

  it("passes a declined caller to the next agent and leaves the agent who declined available", async () => {
    const tenant = newTenant();
    await engine.configureQueue(tenant, { queueId: "q" });
    await availableAgents(engine, tenant, "q", ["a1"]);
    time.advance(1);
    await availableAgents(engine, tenant, "q", ["a2"]);
    const { offers } = await engine.enqueue(tenant, twilioCaller("c1"));
    const declined = await engine.decline(tenant, offers[0]!.offerId, "a1");
    expect(declined.offers.map((offer) => offer.agents[0]!.agentId)).toEqual(["a2"]);
    // a1 is free again and takes the next caller.
    const next = await engine.enqueue(tenant, twilioCaller("c2"));
    expect(next.offers.map((offer) => offer.agents[0]!.agentId)).toEqual(["a1"]);
  });

  it("keeps each queue's wrap-up time, which the agent may end early, and has no call offered during it", async () => {
    const tenant = newTenant();
    await engine.configureQueue(tenant, { queueId: "short", wrapUpSeconds: 5 });
    await engine.configureQueue(tenant, { queueId: "long", wrapUpSeconds: 60 });
    await availableAgents(engine, tenant, "short", ["a1"], () => ({ queueIds: ["short", "long"] }));
    const first = await engine.enqueue(tenant, { queueId: "long", callId: "c1", reaches: ["twilio-client"] });
    await engine.accept(tenant, first.offers[0]!.offerId, "a1");
    await engine.complete(tenant, "c1");
    expect(
      (await engine.enqueue(tenant, { queueId: "short", callId: "c2", reaches: ["twilio-client"] })).offers,
    ).toEqual([]);
    time.advance(5_000);
    expect((await engine.tick(tenant)).offers).toEqual([]);
    const early = await engine.setAgentState(tenant, "a1", { state: "available" });
    expect(early.offers.map((offer) => offer.callId)).toEqual(["c2"]);
    await engine.accept(tenant, early.offers[0]!.offerId, "a1");
    await engine.complete(tenant, "c2");
    time.advance(5_000);
    const ended = await engine.tick(tenant);
    expect(ended.events).toContainEqual(expect.objectContaining({ agentId: "a1", state: "available" }));
  });

  it("keeps tenants apart: the same queue and agent ids in two tenants never meet", async () => {
    const [one, two] = [newTenant(), newTenant()];
    for (const tenant of [one, two]) await engine.configureQueue(tenant, { queueId: "q" });
    await availableAgents(engine, one, "q", ["a1"]);
    const other = await engine.enqueue(two, twilioCaller("c1"));
    expect(other.offers).toEqual([]);
    expect((await engine.events(one)).some(({ event }) => event.type === "queue.entered")).toBe(false);
    const own = await engine.enqueue(one, twilioCaller("c1"));
    expect(own.offers).toHaveLength(1);
  });

  it("ticks every tenant with timers, and forgets a tenant once none is left", async () => {
    // Apart from the other tests' tenants, which run on clocks of their own.
    const own = engineProcesses(1, time.clock, true);
    const apart = own.engines[0]!;
    const tenant = newTenant();
    await apart.configureQueue(tenant, { queueId: "q", ringTimeoutSeconds: 5, awayOnNoAnswer: true });
    await availableAgents(apart, tenant, "q", ["a1"]);
    await apart.enqueue(tenant, twilioCaller("c1"));
    expect(await apart.tenantsWithWork()).toEqual([tenant]);
    time.advance(5_000);
    const ticked = await apart.tickAll();
    expect(ticked.map((entry) => entry.tenantId)).toEqual([tenant]);
    expect(ticked[0]?.result.events).toContainEqual(expect.objectContaining({ type: "queue.no-answer" }));
    expect(await apart.tenantsWithWork()).toEqual([]);
    await own.close();
  });

  it("gives an entry beyond the lookahead the agents who freed up meanwhile once it moves into the window", async () => {
    const tenant = newTenant();
    await engine.configureQueue(tenant, { queueId: "q", lookahead: 2 });
    for (const [callId, skill] of [
      ["c0", "spanish"],
      ["c1", "spanish"],
      ["c2", "billing"],
    ] as const)
      await engine.enqueue(tenant, twilioCaller(callId, { requiredSkills: { [skill]: 1 } }));
    // The agent looks two entries deep and finds nobody it can take.
    await availableAgents(engine, tenant, "q", ["billing-agent"], () => ({ skills: { billing: 1 } }));
    const abandoned = await engine.abandon(tenant, "c0");
    expect(abandoned.offers.map((offer) => [offer.callId, offer.agents[0]!.agentId])).toEqual([
      ["c2", "billing-agent"],
    ]);
  });

  it("marks a builder test call's events as test, so the metrics never count it", async () => {
    const tenant = newTenant();
    await engine.configureQueue(tenant, { queueId: "q" });
    await availableAgents(engine, tenant, "q", ["a1"]);
    const { offers } = await engine.enqueue(tenant, twilioCaller("c1", { test: true }));
    await engine.accept(tenant, offers[0]!.offerId, "a1");
    const events = (await engine.events(tenant)).map((entry) => entry.event);
    const callEvents = events.filter((event) => event.type !== "agent.state-changed");
    expect(callEvents.map((event) => [event.type, "test" in event && event.test])).toEqual([
      ["queue.entered", true],
      ["queue.offered", true],
      ["queue.answered", true],
    ]);
    expect(serviceLevel(events, { queueId: "q", thresholdSeconds: 20 })).toMatchObject({
      offered: 0,
      value: null,
    });
  });
});
