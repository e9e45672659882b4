import { afterAll, describe, expect, it } from "vitest";
import { createHarness, outcome } from "../../testing/harness.ts";
import { queueEngine } from "../../services/queues/engine.ts";

describe("queues, agents and agent state", () => {
  const h = createHarness();
  afterAll(() => h.close());

  async function contactCenter(label: string) {
    const ws = await h.workspace(label);
    const agentMember = await h.member(ws.tenantId, "AGENT");
    const supervisor = await h.member(ws.tenantId, "SUPERVISOR");
    const queue = await ws.caller.queues.create({ name: "Billing", maxWaitSeconds: 300 });
    const agent = await ws.caller.agents.create({
      displayName: "Ada",
      extension: "101",
      membershipId: agentMember.membershipId,
      skills: ["billing"],
    });
    await ws.caller.queues.setMembers({ queueId: queue.id, members: [{ agentId: agent.id, priority: 5 }] });
    return { ws, agentMember, supervisor, queue, agent };
  }

  it("manages queues and their members in the workspace only, with refusals in words", async () => {
    const { ws, queue, agent, agentMember } = await contactCenter("cc");
    expect((await ws.caller.queues.list()).map((q) => [q.name, q.members.map((m) => m.agentId)])).toEqual([
      ["Billing", [agent.id]],
    ]);
    await expect(ws.caller.queues.create({ name: "Billing" })).rejects.toThrow(
      'A queue named "Billing" already exists.',
    );
    await expect(ws.caller.agents.create({ displayName: "Bo", extension: "101" })).rejects.toThrow(
      "Extension 101 belongs to another agent already.",
    );
    await expect(
      ws.caller.agents.create({
        displayName: "Bo",
        extension: "102",
        membershipId: agentMember.membershipId,
      }),
    ).rejects.toThrow("This member is already linked to another agent.");
    expect(await outcome(agentMember.caller.queues.create({ name: "Mine" }))).toBe("FORBIDDEN");
    expect(await outcome(agentMember.caller.agents.list())).toBe("FORBIDDEN");

    const other = await h.workspace("other");
    expect(await outcome(other.caller.queues.update({ queueId: queue.id, name: "Taken" }))).toBe("NOT_FOUND");
    expect(
      await outcome(
        other.caller.queues.setMembers({ queueId: queue.id, members: [{ agentId: agent.id, priority: 0 }] }),
      ),
    ).toBe("NOT_FOUND");
    const otherQueue = await other.caller.queues.create({ name: "Billing" });
    expect(
      await outcome(
        other.caller.queues.setMembers({
          queueId: otherQueue.id,
          members: [{ agentId: agent.id, priority: 0 }],
        }),
      ),
    ).toBe("NOT_FOUND");

    const renamed = await ws.caller.queues.update({ queueId: queue.id, name: "Accounts" });
    expect(renamed.name).toBe("Accounts");
    await ws.caller.queues.delete({ queueId: queue.id });
    expect(await ws.caller.queues.list()).toEqual([]);
    expect((await ws.caller.agents.list())[0]?.queues).toEqual([]);
  });

  it("lets an agent set their own state and a supervisor anyone's, in the engine", async () => {
    const { ws, agentMember, supervisor, agent } = await contactCenter("state");
    const me = await agentMember.caller.agents.me();
    expect(me.agent.id).toBe(agent.id);
    expect(me.awayReasons).toContain("Break");

    await agentMember.caller.agents.setState({ choice: { state: "available" } });
    expect((await h.db.agent.findFirstOrThrow({ where: { id: agent.id } })).status).toBe("AVAILABLE");
    await expect(
      agentMember.caller.agents.setState({ choice: { state: "away", reason: "Napping" } }),
    ).rejects.toThrow(/"Napping" is not one of this workspace's reasons/);

    const colleague = await ws.caller.agents.create({ displayName: "Cy", extension: "103" });
    expect(
      await outcome(
        agentMember.caller.agents.setState({ agentId: colleague.id, choice: { state: "available" } }),
      ),
    ).toBe("FORBIDDEN");
    await supervisor.caller.agents.setState({
      agentId: agent.id,
      choice: { state: "away", reason: "Break" },
    });
    const events = await queueEngine(h.redis).events(ws.tenantId);
    expect(
      events.flatMap(({ event }) =>
        event.type === "agent.state-changed" && event.agentId === agent.id
          ? [[event.state, event.reason]]
          : [],
      ),
    ).toEqual([
      ["available", null],
      ["away", "Break"],
    ]);
    expect(await outcome(supervisor.caller.agents.me())).toBe("PRECONDITION_FAILED");
  });

  it("shows the wallboard: waiting, answered, service level and availability, test calls never counted", async () => {
    const { ws, agentMember, supervisor, queue, agent } = await contactCenter("board");
    const engine = queueEngine(h.redis);
    await agentMember.caller.agents.setState({ choice: { state: "available" } });
    // What the runtime's sync gives the engine: where the agent is rung.
    await engine.configureAgent(ws.tenantId, {
      agentId: agent.id,
      endpoints: [{ kind: "phone", address: "+15550001111" }],
      queueIds: [queue.id],
    });
    const answered = await engine.enqueue(ws.tenantId, {
      queueId: queue.id,
      callId: "call-1",
      reaches: ["phone"],
    });
    const offer = answered.offers[0]!;
    expect((await engine.accept(ws.tenantId, offer.offerId, agent.id)).status).toBe("connected");
    await engine.enqueue(ws.tenantId, { queueId: queue.id, callId: "call-2", reaches: ["phone"] });
    await engine.enqueue(ws.tenantId, {
      queueId: queue.id,
      callId: "test-1",
      reaches: ["phone"],
      test: true,
    });
    await engine.abandon(ws.tenantId, "test-1");

    expect(await outcome(agentMember.caller.queues.wallboard())).toBe("FORBIDDEN");
    const board = await supervisor.caller.queues.wallboard();
    expect(board.queues).toEqual([
      expect.objectContaining({
        queueId: queue.id,
        waiting: 1,
        answered: 1,
        abandoned: 0,
        serviceLevel: 1 / 2,
      }),
    ]);
    expect(board.queues[0]!.longestWaitMs).toBeGreaterThanOrEqual(0);
    expect(board.agents).toEqual([
      expect.objectContaining({ agentId: agent.id, state: "on-call", queueId: queue.id }),
    ]);
    expect(board.agents[0]!.availability).toBe(1);
  });
});
