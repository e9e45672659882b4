import { afterAll, describe, expect, it } from "vitest";
import { createHarness, outcome } from "../../testing/harness.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { contactCenter as buildContactCenter } from "../../testing/contact-center.ts";

describe("queues, agents and agent state", () => {
  // Its own Redis prefix: the runtime's ringers, running in CI beside it, would otherwise ring (and end) its offers.
  const h = createHarness({}, { ownRedisPrefix: true });
  afterAll(() => h.close());

  const contactCenter = (label: string) => buildContactCenter(h, label);

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
    expect(me.agent.skills.map((s) => [s.skill.name, s.level])).toEqual([["billing", 7]]);
    expect(me.awayReasons).toContain("Break");
    expect(await outcome(agentMember.caller.agents.setAwayReasons({ reasons: ["Nap"] }))).toBe("FORBIDDEN");
    await ws.caller.agents.setAwayReasons({ reasons: ["Break", "Coaching"] });
    expect((await agentMember.caller.agents.me()).awayReasons).toEqual(["Break", "Coaching"]);

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

  it("lets agents join and leave only the queues their admin allows, in the engine too", async () => {
    const { ws, agentMember, queue, agent } = await contactCenter("join");
    await expect(agentMember.caller.agents.leaveQueue({ queueId: queue.id })).rejects.toThrow(
      'Agents cannot leave "Billing" themselves; ask an admin.',
    );
    const open = await ws.caller.queues.create({ name: "Overflow", allowSelfJoin: true });
    expect((await agentMember.caller.agents.me()).joinableQueues.map((q) => q.name)).toEqual(["Overflow"]);
    const joined = await agentMember.caller.agents.joinQueue({ queueId: open.id });
    expect(joined.queues.map((q) => [q.queue.name, q.joined])).toEqual([
      ["Billing", true],
      ["Overflow", true],
    ]);
    await agentMember.caller.agents.leaveQueue({ queueId: open.id });
    // The admin re-saving the members keeps the agent's choice.
    await ws.caller.queues.setMembers({ queueId: open.id, members: [{ agentId: agent.id, priority: 1 }] });
    expect((await ws.caller.queues.get({ queueId: open.id })).members.map((m) => m.joined)).toEqual([false]);

    // The engine offers the open queue's callers only while the agent is in it.
    const engine = queueEngine(h.redis);
    await agentMember.caller.agents.setState({ choice: { state: "available" } });
    const waiting = await engine.enqueue(ws.tenantId, {
      queueId: open.id,
      callId: "c-open",
      reaches: ["phone"],
    });
    expect([waiting.status, waiting.offers]).toEqual(["waiting", []]);
    await agentMember.caller.agents.joinQueue({ queueId: open.id });
    expect((await engine.status(ws.tenantId, "c-open")).status).toBe("offered");
  });

  it("shows the wallboard: waiting, answered, service level and availability, test calls never counted", async () => {
    const { ws, agentMember, supervisor, queue, agent } = await contactCenter("board");
    const engine = queueEngine(h.redis);
    await agentMember.caller.agents.setState({ choice: { state: "available" } });
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
