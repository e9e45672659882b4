import { afterAll, describe, expect, it } from "vitest";
import { availableAgents, engineProcesses, manualClock, newTenant, twilioCaller } from "./test-fixtures.ts";

const time = manualClock();
const { engines, close } = engineProcesses(2, time.clock);
const [engine, other] = engines as [NonNullable<(typeof engines)[0]>, NonNullable<(typeof engines)[1]>];
afterAll(close);

/** A caller of queue "q" connected to agent "a1", with "a2" and "a3" available. */
async function connected(tenant: string) {
  await engine.configureQueue(tenant, { queueId: "q", wrapUpSeconds: 10 });
  await availableAgents(engine, tenant, "q", ["a1"]);
  const entered = await engine.enqueue(tenant, twilioCaller("c1"));
  await engine.accept(tenant, entered.offers[0]!.offerId, "a1");
  await availableAgents(engine, tenant, "q", ["a2", "a3"]);
}

describe("a transfer to an agent", () => {
  it("holds the agent (on a call, offered nothing), hands the call over, and the old agent wraps up", async () => {
    const tenant = newTenant();
    await connected(tenant);
    expect(await engine.reserveAgent(tenant, "c1", "a2")).toMatchObject({
      status: "ok",
      agentState: "on-call",
    });
    // Held: a new caller goes to a3, the agent's state cannot be changed under the transfer.
    const next = await engine.enqueue(tenant, twilioCaller("c2"));
    expect(next.offers.map((o) => o.agents.map((a) => a.agentId))).toEqual([["a3"]]);
    expect((await engine.setAgentState(tenant, "a2", { state: "away", reason: "Break" })).status).toBe(
      "busy",
    );

    const handed = await engine.handOver(tenant, "c1", "a2");
    expect(handed).toMatchObject({ status: "connected", callId: "c1", agentId: "a2" });
    expect(handed.events).toContainEqual(
      expect.objectContaining({ type: "queue.transferred", callId: "c1", fromAgentId: "a1", agentId: "a2" }),
    );
    expect(handed.events).toContainEqual(
      expect.objectContaining({ type: "agent.state-changed", agentId: "a1", state: "wrap-up" }),
    );
    // A retried hand-over changes nothing; the call's end wraps the new agent up.
    expect((await engine.handOver(tenant, "c1", "a2")).events).toEqual([]);
    const done = await engine.complete(tenant, "c1");
    expect(done).toMatchObject({ agentId: "a2" });
    expect((await engine.agentStatus(tenant, "a2")).agentState).toBe("wrap-up");
  });

  it("is refused for an agent who is not available, and two transfers never hold the same agent", async () => {
    const tenant = newTenant();
    await connected(tenant);
    await engine.setAgentState(tenant, "a3", { state: "away", reason: "Lunch" });
    expect(await engine.reserveAgent(tenant, "c1", "a3")).toMatchObject({
      status: "busy",
      agentState: "away",
    });
    expect(await engine.reserveAgent(tenant, "c1", "a1")).toMatchObject({
      status: "busy",
      agentState: "on-call",
    });
    expect((await engine.reserveAgent(tenant, "c1", "nobody")).status).toBe("unknown-agent");

    const c2 = await engine.enqueue(tenant, twilioCaller("c2"));
    expect(c2.offers[0]?.agents[0]?.agentId).toBe("a2");
    await engine.accept(tenant, c2.offers[0]!.offerId, "a2");
    await engine.setAgentState(tenant, "a3", { state: "available" });
    // Two processes transfer two calls to a3 at the same moment: exactly one holds a3.
    const both = await Promise.all([
      engine.reserveAgent(tenant, "c1", "a3"),
      other.reserveAgent(tenant, "c2", "a3"),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(["busy", "ok"]);
    const loser = both[0]!.status === "ok" ? "c2" : "c1";
    expect((await engine.handOver(tenant, loser, "a3")).status).toBe("not-offered");
  });

  it("frees the held agent when the transfer does not happen, or when the call ends first", async () => {
    const tenant = newTenant();
    await connected(tenant);
    await engine.reserveAgent(tenant, "c1", "a2");
    const released = await engine.releaseAgent(tenant, "c1", "a2");
    expect(released.events).toContainEqual(
      expect.objectContaining({ type: "agent.state-changed", agentId: "a2", state: "available" }),
    );
    // Another call's release does not free an agent held for this one.
    await engine.reserveAgent(tenant, "c1", "a2");
    expect((await engine.releaseAgent(tenant, "c-other", "a2")).status).toBe("gone");
    expect((await engine.agentStatus(tenant, "a2")).agentState).toBe("on-call");
    // The caller hangs up while the target rings: the connected agent wraps up, the held one is free.
    await engine.complete(tenant, "c1");
    expect((await engine.agentStatus(tenant, "a2")).agentState).toBe("available");
    expect((await engine.agentStatus(tenant, "a1")).agentState).toBe("wrap-up");
  });
});
