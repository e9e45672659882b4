import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endSession, sessionIdFromToken, type Permission } from "@ringflow/access";
import type { DesktopServerMessage, SourceEvent } from "@ringflow/flow-schema";
import { createRedis, type Redis } from "@ringflow/platform";
import { QueueEngine } from "@ringflow/queues";
import { buildApiServer } from "../server.ts";
import { feedChanges } from "./feed-projection.ts";
import { createHarness } from "../testing/harness.ts";
import { signedInAgent } from "./testing/agents.ts";
import { DesktopClient, publishSource } from "./testing/desktop-client.ts";

const h = createHarness();
const redis: Redis[] = [];
const servers: Awaited<ReturnType<typeof buildApiServer>>[] = [];
const urls: string[] = [];
const publisher = createRedis();
const clients: DesktopClient[] = [];

/** Two API servers on loopback ports, each with its own Redis connections, like two processes. */
beforeAll(async () => {
  for (let i = 0; i < 2; i += 1) {
    const connection = createRedis();
    redis.push(connection);
    const app = await buildApiServer({
      db: h.db,
      redis: connection,
      config: h.config,
      realtime: { backlog: 20 },
    });
    urls.push(await app.listen({ host: "127.0.0.1", port: 0 }));
    servers.push(app);
  }
});

afterAll(async () => {
  for (const client of clients) client.socket.terminate();
  for (const app of servers) await app.close();
  for (const connection of redis) await connection.quit();
  await publisher.quit();
  await h.close();
});

async function open(server: 0 | 1, token: string | null) {
  const client = await DesktopClient.open(urls[server] as string, token);
  clients.push(client);
  return client;
}

async function subscribed(server: 0 | 1, token: string) {
  const client = await open(server, token);
  client.send({ type: "subscribe" });
  const snapshot = await client.waitFor((m) => m.type === "snapshot");
  return { client, snapshot: snapshot as Extract<DesktopServerMessage, { type: "snapshot" }> };
}

const agentIn = (tenantId: string, queueIds: string[] = []) => signedInAgent(h, tenantId, queueIds);

const queueIn = async (tenantId: string) =>
  (await h.db.queue.create({ data: { tenantId, name: `q-${randomUUID()}` } })).id;

const callBase = (tenantId: string, callId: string) => ({ tenantId, callId, at: Date.now(), test: false });

const eventsOf = (client: DesktopClient, type: string) =>
  client.events().filter((e) => e.event.type === type);

/**
 * The queue engine's path (offer, accept, the feed's fan-out) in a full clean-clone run with other suites beside
 * it on 2 cores has taken over 10 s to reach the socket; a message that never comes still fails the test.
 */
const SLOW_MS = 30_000;
describe("GET /realtime", () => {
  it("refuses the upgrade without a session and for a role with neither the desktop nor the wallboard", async () => {
    const ws = await h.workspace("rt-refuse");
    const designer = await h.member(ws.tenantId, "DESIGNER");
    await expect(DesktopClient.open(urls[0] as string, null)).rejects.toThrow("401");
    await expect(DesktopClient.open(urls[0] as string, designer.token)).rejects.toThrow("403");
    await expect(
      DesktopClient.open(urls[0] as string, ws.token, { origin: "https://elsewhere.example" }),
    ).rejects.toThrow("403");
  });

  it("delivers an event published once to sockets on both API servers, with the same number", async () => {
    const ws = await h.workspace("rt-fanout");
    const supervisor = await h.member(ws.tenantId, "SUPERVISOR");
    const a = await subscribed(0, ws.token);
    const b = await subscribed(1, supervisor.token);
    const callId = `CA${randomUUID()}`;
    await publishSource(publisher, {
      type: "call.started",
      ...callBase(ws.tenantId, callId),
      provider: "TWILIO",
      direction: "INBOUND",
      from: "+15550001111",
      to: "+15550002222",
      flowId: null,
    });
    const started = (m: DesktopServerMessage) =>
      m.type === "event" && m.event.type === "call.state-changed" && m.event.call.callId === callId;
    const [onA, onB] = await Promise.all([a.client.waitFor(started), b.client.waitFor(started)]);
    expect(onA).toEqual(onB);
    expect(onA.type === "event" && onA.seq).toBeGreaterThan(a.snapshot.seq);
    // Heard by both servers' ingest, applied once: one event each, not two.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(a.client.messages.filter(started)).toHaveLength(1);
    expect(b.client.messages.filter(started)).toHaveLength(1);
    // A later snapshot holds the call.
    const c = await subscribed(1, ws.token);
    expect(c.snapshot.snapshot.calls.map((call) => call.from)).toEqual(["+15550001111"]);
    expect(c.snapshot.snapshot.presence.map((p) => p.userId).sort()).toEqual(
      [ws.userId, supervisor.userId].sort(),
    );
  });

  it("resumes on the other server with exactly the events missed, or a snapshot when they are too old", async () => {
    const ws = await h.workspace("rt-resume");
    const first = await subscribed(0, ws.token);
    const queueId = randomUUID();
    const enter = (callId: string): SourceEvent => ({
      type: "queue.entered",
      ...callBase(ws.tenantId, callId),
      queueId,
      priority: 0,
    });
    await publishSource(publisher, enter("c1"));
    await first.client.waitFor((m) => m.type === "event" && m.event.type === "queue.update");
    const last = first.client.events().at(-1)?.seq as number;
    const watcher = await subscribed(1, ws.token);
    await first.client.close();

    // While away: two callers enter (a call change and a queue update each).
    await publishSource(publisher, enter("c2"));
    await publishSource(publisher, enter("c3"));
    await watcher.client.waitFor(
      (m) => m.type === "event" && m.event.type === "queue.update" && m.event.queue.waiting === 3,
    );
    const back = await open(1, ws.token);
    back.send({ type: "resume", afterSeq: last });
    const resumed = await back.waitFor((m) => m.type === "resumed");
    const missed = back.events();
    expect(missed.map((e) => e.event.type)).toEqual([
      "call.state-changed",
      "queue.update",
      "call.state-changed",
      "queue.update",
    ]);
    expect(missed.map((e) => e.seq)).toEqual(
      watcher.client
        .events()
        .map((e) => e.seq)
        .filter((s) => s > last),
    );
    expect(resumed.type === "resumed" && resumed.seq).toBe(missed.at(-1)?.seq);
    expect(back.messages.some((m) => m.type === "snapshot")).toBe(false);

    // Live events follow the resume on the same socket.
    await publishSource(publisher, {
      type: "queue.abandoned",
      ...callBase(ws.tenantId, "c1"),
      queueId,
      waitMs: 10,
    });
    const resumedAt = resumed.type === "resumed" ? resumed.seq : 0;
    const update = await back.waitFor((m) => m.type === "event" && m.seq > resumedAt);
    expect(update).toMatchObject({
      seq: resumedAt + 1,
      event: { type: "queue.update", queue: { waiting: 2 } },
    });

    // The backlog keeps 20 messages: further behind, the socket gets a snapshot instead.
    for (let i = 0; i < 12; i += 1) await publishSource(publisher, enter(`later-${i}`));
    await watcher.client.waitFor(
      (m) => m.type === "event" && m.event.type === "queue.update" && m.event.queue.waiting === 14,
    );
    const late = await open(0, ws.token);
    late.send({ type: "resume", afterSeq: last });
    const snapshot = await late.waitFor((m) => m.type === "snapshot");
    expect(snapshot.type === "snapshot" && snapshot.snapshot.queues).toEqual([
      expect.objectContaining({ queueId, waiting: 14 }),
    ]);
  });

  it("shows an agent its own offers, calls and status and the summaries of its queues, never another agent's, queue's or tenant's", async () => {
    const ws = await h.workspace("rt-agents");
    const other = await h.workspace("rt-other");
    const [queueId, elsewhere] = await Promise.all([queueIn(ws.tenantId), queueIn(ws.tenantId)]);
    const [alice, bob, stranger] = await Promise.all([
      agentIn(ws.tenantId, [queueId]),
      agentIn(ws.tenantId, [queueId]),
      agentIn(other.tenantId),
    ]);
    const aliceSocket = (await subscribed(0, alice.token)).client;
    const bobSocket = (await subscribed(1, bob.token)).client;
    const strangerSocket = (await subscribed(1, stranger.token)).client;
    const boss = (await subscribed(0, ws.token)).client;
    const callId = `CA${randomUUID()}`;
    const strangerCall = `CA${randomUUID()}`;
    const script: SourceEvent[] = [
      {
        type: "call.started",
        ...callBase(ws.tenantId, callId),
        provider: "TWILIO",
        direction: "INBOUND",
        from: "+15550003333",
        to: "+15550004444",
        flowId: null,
      },
      {
        type: "call.waiting",
        ...callBase(ws.tenantId, callId),
        turn: 2,
        nodeId: "queue",
        for: "enqueue",
        variables: { account: "4471" },
      },
      { type: "queue.entered", ...callBase(ws.tenantId, callId), queueId, priority: 0 },
      {
        type: "queue.offered",
        ...callBase(ws.tenantId, callId),
        queueId,
        offerId: "o1",
        agentIds: [alice.agentId],
      },
      {
        type: "agent.state-changed",
        tenantId: ws.tenantId,
        agentId: alice.agentId,
        at: Date.now(),
        state: "ringing",
        reason: null,
        queueId,
      },
      {
        type: "queue.answered",
        ...callBase(ws.tenantId, callId),
        queueId,
        agentId: alice.agentId,
        waitMs: 900,
      },
      // Another tenant's call offered to an agent id that is Bob's: still not Bob's tenant.
      {
        type: "queue.offered",
        ...callBase(other.tenantId, strangerCall),
        queueId,
        offerId: "o2",
        agentIds: [bob.agentId, stranger.agentId],
      },
      // A queue neither agent is a member of: only the supervisor sees its summary.
      {
        type: "queue.entered",
        ...callBase(ws.tenantId, `CA${randomUUID()}`),
        queueId: elsewhere,
        priority: 0,
      },
      { type: "call.ended", ...callBase(ws.tenantId, callId), reason: "completed" },
    ];
    for (const event of script) await publishSource(publisher, event);
    const ended = (m: DesktopServerMessage) => m.type === "event" && m.event.type === "call.ended";
    await Promise.all([aliceSocket.waitFor(ended), boss.waitFor(ended)]);
    await strangerSocket.waitFor((m) => m.type === "event" && m.event.type === "call.offered");
    // Bob hears the queue's summary change when the call is answered; nothing about the call itself.
    await bobSocket.waitFor(
      (m) => m.type === "event" && m.event.type === "queue.update" && m.event.queue.waiting === 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 150));

    const offered = eventsOf(aliceSocket, "call.offered")[0]?.event;
    expect(offered?.type === "call.offered" && offered.call).toMatchObject({
      callId,
      from: "+15550003333",
      phase: "ringing",
      variables: { account: "4471" },
      offeredTo: [alice.agentId],
    });
    expect(aliceSocket.events().map((e) => e.event.type)).toEqual([
      "queue.update",
      "call.offered",
      "agent.status-changed",
      "call.state-changed",
      "queue.update",
      "call.ended",
    ]);
    expect(bobSocket.events().map((e) => e.event.type)).toEqual(["queue.update", "queue.update"]);
    expect(JSON.stringify(bobSocket.messages)).not.toContain(callId);
    expect(JSON.stringify(strangerSocket.messages)).not.toContain(ws.tenantId);
    expect(strangerSocket.events().map((e) => e.event.tenantId)).toEqual([other.tenantId]);
    expect(JSON.stringify([aliceSocket.messages, bobSocket.messages])).not.toContain(elsewhere);
    // The supervisor sees all of it (and the agents coming online).
    expect(eventsOf(boss, "call.state-changed").length).toBe(5);
    expect(
      eventsOf(boss, "queue.update").map((e) => e.event.type === "queue.update" && e.event.queue.queueId),
    ).toContain(elsewhere);
    expect(JSON.stringify(boss.messages)).not.toContain(strangerCall);
  });

  it("rings an agent's desktop with the screen pop when the real queue engine offers it a caller", async () => {
    const ws = await h.workspace("rt-engine");
    const queueId = await queueIn(ws.tenantId);
    const [alice, bob] = await Promise.all([
      agentIn(ws.tenantId, [queueId]),
      agentIn(ws.tenantId, [queueId]),
    ]);
    const aliceSocket = (await subscribed(0, alice.token)).client;
    const bobSocket = (await subscribed(1, bob.token)).client;
    const engine = new QueueEngine(publisher, Date.now);
    await engine.configureQueue(ws.tenantId, { queueId, strategy: "longest-idle" });
    await engine.configureAgent(ws.tenantId, {
      agentId: alice.agentId,
      endpoints: [{ kind: "twilio-client", address: `client:${alice.agentId}` }],
      queueIds: [queueId],
    });
    await engine.setAgentState(ws.tenantId, alice.agentId, { state: "available" });
    const callId = randomUUID();
    // What the call core publishes as the caller walks the IVR into the Enqueue block.
    await publishSource(publisher, {
      type: "call.waiting",
      ...callBase(ws.tenantId, callId),
      turn: 3,
      nodeId: "enqueue",
      for: "enqueue",
      variables: { account: "4471", reason: "late fee" },
    });
    const entered = await engine.enqueue(ws.tenantId, { queueId, callId, reaches: ["twilio-client"] });
    const offer = entered.offers[0];
    expect(offer?.agents.map((a) => a.agentId)).toEqual([alice.agentId]);
    const offered = await aliceSocket.waitFor(
      (m) => m.type === "event" && m.event.type === "call.offered",
      SLOW_MS,
    );
    expect(
      offered.type === "event" && offered.event.type === "call.offered" && offered.event.call,
    ).toMatchObject({
      callId,
      queueId,
      phase: "ringing",
      offerId: offer?.offerId,
      variables: { account: "4471", reason: "late fee" },
    });
    await aliceSocket.waitFor(
      (m) =>
        m.type === "event" && m.event.type === "agent.status-changed" && m.event.agent.state === "ringing",
      SLOW_MS,
    );
    await engine.accept(ws.tenantId, offer?.offerId as string, alice.agentId);
    // An open socket may be sent a fresh snapshot meanwhile (an access change of the agents just made): the
    // call's new phase and the queue's count are then in it rather than in an event.
    await aliceSocket.waitFor(
      (m) =>
        (m.type === "event" && m.event.type === "call.state-changed" && m.event.call.phase === "connected") ||
        (m.type === "snapshot" &&
          m.snapshot.calls.some((c) => c.callId === callId && c.phase === "connected")),
      SLOW_MS,
    );
    await bobSocket.waitFor(
      (m) =>
        (m.type === "event" && m.event.type === "queue.update" && m.event.queue.waiting === 0) ||
        (m.type === "snapshot" && m.snapshot.queues.some((q) => q.queueId === queueId && q.waiting === 0)),
      SLOW_MS,
    );
    expect(JSON.stringify(bobSocket.messages)).not.toContain(callId);
  }, 90_000);

  it("shows the number a waiting callback rings, and keeps that caller in the feed after they hang up", async () => {
    const ws = await h.workspace("rt-callback");
    const queueId = await queueIn(ws.tenantId);
    const boss = (await subscribed(0, ws.token)).client;
    const engine = new QueueEngine(publisher, Date.now);
    await engine.configureQueue(ws.tenantId, { queueId, strategy: "longest-idle" });
    const callId = randomUUID();
    await engine.enqueue(ws.tenantId, { queueId, callId, reaches: ["phone"] });
    await engine.requestCallback(ws.tenantId, callId, "+15550007777");
    const requested = await boss.waitFor(
      (m) => m.type === "event" && m.event.type === "call.state-changed" && m.event.call.callbackRequested,
    );
    expect(requested.type === "event" && "call" in requested.event && requested.event.call).toMatchObject({
      callId,
      queueId,
      callbackRequested: true,
      callbackNumber: "+15550007777",
    });
    // The caller hangs up, as callers who asked to be called back do: the wait goes on, and so does the call.
    await publishSource(publisher, {
      type: "call.ended",
      ...callBase(ws.tenantId, callId),
      reason: "completed",
    });
    await boss.waitFor(
      (m) => m.type === "event" && m.event.type === "call.ended" && m.event.call.callId === callId,
    );
    const later = await subscribed(1, ws.token);
    expect(later.snapshot.snapshot.calls.find((c) => c.callId === callId)).toMatchObject({
      phase: "ended",
      callbackNumber: "+15550007777",
    });
    // The callback is given up: nobody waits for that number any more.
    await publishSource(publisher, {
      type: "queue.abandoned",
      ...callBase(ws.tenantId, callId),
      queueId,
      waitMs: 10,
    });
    await later.client.waitFor(
      (m) =>
        m.type === "event" &&
        m.event.type === "call.state-changed" &&
        m.event.call.callId === callId &&
        m.event.call.callbackNumber === null,
    );
  });

  it("clears a callback's number once it is answered or given up, without bringing back a call gone", () => {
    const base = { tenantId: "t", queueId: "q", callId: "c", at: 1, test: false };
    const [answered] = feedChanges({ type: "queue.answered", ...base, agentId: "a", waitMs: 5 });
    expect(answered?.set).toMatchObject({ phase: "connected", callbackNumber: null });
    const [, abandoned] = feedChanges({ type: "queue.abandoned", ...base, waitMs: 5 });
    expect(abandoned).toMatchObject({
      entity: "call",
      set: { callbackNumber: null },
      onlyWhile: "callbackNumber",
    });
    const [ended] = feedChanges({
      type: "call.ended",
      tenantId: "t",
      callId: "c",
      at: 2,
      test: false,
      reason: "x",
    });
    expect(ended).toMatchObject({ remove: true, keepWhile: "callbackNumber" });
  });

  it("shows an open desktop the queues its agent was added to or removed from at once", async () => {
    const ws = await h.workspace("rt-membership");
    const first = await ws.caller.queues.create({ name: "Billing" });
    const second = await ws.caller.queues.create({ name: "Returns" });
    const agent = await agentIn(ws.tenantId, [first.id]);
    const socket = (await subscribed(1, agent.token)).client;
    // A caller waits in the second queue, which the agent may not see yet.
    await publishSource(publisher, {
      type: "queue.entered",
      ...callBase(ws.tenantId, `CA${randomUUID()}`),
      queueId: second.id,
      priority: 0,
    });
    /** The queues of the first snapshot the socket gets after `action`. */
    const queuesAfter = async (action: () => Promise<unknown>) => {
      const mark = socket.messages.length;
      await action();
      const next = await socket.waitFor((m) => m.type === "snapshot" && socket.messages.indexOf(m) >= mark);
      return next.type === "snapshot" ? next.snapshot.queues : [];
    };
    const added = await queuesAfter(() =>
      ws.caller.queues.setMembers({ queueId: second.id, members: [{ agentId: agent.agentId }] }),
    );
    expect(added).toEqual([expect.objectContaining({ queueId: second.id, waiting: 1 })]);
    // Live updates of the queue follow the snapshot.
    await publishSource(publisher, {
      type: "queue.entered",
      ...callBase(ws.tenantId, `CA${randomUUID()}`),
      queueId: second.id,
      priority: 0,
    });
    await socket.waitFor(
      (m) => m.type === "event" && m.event.type === "queue.update" && m.event.queue.waiting === 2,
    );
    expect(await queuesAfter(() => ws.caller.queues.setMembers({ queueId: second.id, members: [] }))).toEqual(
      [],
    );
    const again = await queuesAfter(() =>
      ws.caller.queues.setMembers({ queueId: second.id, members: [{ agentId: agent.agentId }] }),
    );
    expect(again.map((q) => q.queueId)).toEqual([second.id]);
    // Deleting the queue (nobody waits in the engine's) takes it off the desktop too.
    expect(await queuesAfter(() => ws.caller.queues.delete({ queueId: second.id }))).toEqual([]);
  });

  it("makes an open desktop the agent's the moment its member is linked to an agent", async () => {
    const ws = await h.workspace("rt-link");
    const member = await h.member(ws.tenantId, "AGENT");
    const { client, snapshot } = await subscribed(0, member.token);
    expect(snapshot.viewer.agentId).toBeNull();
    const mark = client.messages.length;
    const agent = await ws.caller.agents.create({
      displayName: "Lin",
      extension: "301",
      membershipId: member.membershipId,
    });
    const again = await client.waitFor((m) => m.type === "snapshot" && client.messages.indexOf(m) >= mark);
    expect(again.type === "snapshot" && again.viewer.agentId).toBe(agent.id);
  });

  it("lets an integration's API token open the feed, its scopes deciding what flows, until it is revoked", async () => {
    const ws = await h.workspace("rt-token");
    const token = async (scopes: Permission[]) =>
      (await ws.caller.integrations.createApiToken({ name: `feed ${scopes.join(" ")}`, scopes })).token;
    const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
    const [queues, calls, flows] = await Promise.all([
      token(["wallboard.view"]),
      token(["calls.read.all"]),
      token(["flows.read"]),
    ]);
    await expect(DesktopClient.open(urls[0] as string, null, bearer(flows))).rejects.toThrow("403");
    await expect(
      DesktopClient.open(urls[0] as string, null, bearer("rfk_aaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")),
    ).rejects.toThrow("401");
    const feed = async (server: 0 | 1, value: string) => {
      const client = await DesktopClient.open(urls[server] as string, null, bearer(value));
      clients.push(client);
      client.send({ type: "subscribe" });
      await client.waitFor((m) => m.type === "snapshot");
      return client;
    };
    const queueFeed = await feed(0, queues);
    const callFeed = await feed(1, calls);
    const callId = `CA${randomUUID()}`;
    const queueId = randomUUID();
    await publishSource(publisher, {
      type: "queue.entered",
      ...callBase(ws.tenantId, callId),
      queueId,
      priority: 0,
    });
    await publishSource(publisher, {
      type: "call.ended",
      ...callBase(ws.tenantId, callId),
      reason: "completed",
    });
    await callFeed.waitFor((m) => m.type === "event" && m.event.type === "call.ended");
    await queueFeed.waitFor((m) => m.type === "event" && m.event.type === "queue.update");
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(queueFeed.events().map((e) => e.event.type)).toEqual(["queue.update"]);
    expect(callFeed.events().map((e) => e.event.type)).toEqual(["call.state-changed", "call.ended"]);
    // An integration's socket is nobody's presence.
    const wallboard = await subscribed(1, ws.token);
    expect(wallboard.snapshot.snapshot.presence.map((p) => p.userId)).toEqual([ws.userId]);

    const listed = await ws.caller.integrations.listApiTokens();
    const queueToken = listed.find((t) => t.name === "feed wallboard.view");
    await ws.caller.integrations.revokeApiToken({ tokenId: queueToken?.id as string });
    expect(await queueFeed.waitForClose()).toMatchObject({ code: 4403 });
    expect(callFeed.closed).toBeNull();
  });

  it("tells the agent whose call it is what a call-control request came to, once, and nobody else's desk", async () => {
    const ws = await h.workspace("rt-outcome");
    const [alice, bob] = await Promise.all([agentIn(ws.tenantId), agentIn(ws.tenantId)]);
    const aliceSocket = (await subscribed(0, alice.token)).client;
    const bobSocket = (await subscribed(1, bob.token)).client;
    const boss = (await subscribed(1, ws.token)).client;
    const callId = `CA${randomUUID()}`;
    await publishSource(publisher, {
      type: "call.control-outcome",
      ...callBase(ws.tenantId, callId),
      agentId: alice.agentId,
      requestId: null,
      action: null,
      result: "not-answered",
      targetName: "Bob",
      refusal: null,
      message: null,
    });
    const told = (m: DesktopServerMessage) => m.type === "event" && m.event.type === "call.control-outcome";
    const [onAlice] = await Promise.all([aliceSocket.waitFor(told), boss.waitFor(told)]);
    expect(onAlice.type === "event" && onAlice.event).toMatchObject({
      type: "call.control-outcome",
      outcome: { callId, agentId: alice.agentId, result: "not-answered", targetName: "Bob" },
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(bobSocket.messages.some(told)).toBe(false);
    // Said once: a later snapshot holds no outcome (nor the call it was about).
    const later = await subscribed(0, alice.token);
    expect(JSON.stringify(later.snapshot)).not.toContain(callId);
  });

  it("closes the socket when its session is signed out", async () => {
    const ws = await h.workspace("rt-signout");
    const agent = await agentIn(ws.tenantId);
    const { client } = await subscribed(1, agent.token);
    await endSession({ db: h.db, redis: h.redis }, sessionIdFromToken(agent.token));
    expect(await client.waitForClose()).toMatchObject({ code: 4401 });
  });
});
