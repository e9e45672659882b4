import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { CONNECTION_LOST, type DesktopServerMessage } from "@ringflow/flow-schema";
import { createRedis } from "@ringflow/platform";
import { QueueEngine } from "@ringflow/queues";
import { buildApiServer } from "../server.ts";
import { signOutLostAgent } from "../services/queues/agent-state.ts";
import { createHarness } from "../testing/harness.ts";
import { FeedStore } from "./feed-store.ts";
import { PresenceKeeper } from "./presence-keeper.ts";
import { signedInAgent } from "./testing/agents.ts";
import { startApiProcess } from "./testing/api-process.ts";
import { DesktopClient } from "./testing/desktop-client.ts";

const TTL_MS = 900;
const h = createHarness();
const redis = createRedis();
const engine = new QueueEngine(redis, Date.now);
let survivor: Awaited<ReturnType<typeof buildApiServer>>;
let survivorUrl = "";
let doomed: ChildProcess | null = null;
let doomedUrl = "";
const clients: DesktopClient[] = [];

beforeAll(async () => {
  survivor = await buildApiServer({
    db: h.db,
    redis: createRedis(),
    config: h.config,
    realtime: { presenceTtlMs: TTL_MS },
  });
  survivorUrl = await survivor.listen({ host: "127.0.0.1", port: 0 });
  ({ process: doomed, url: doomedUrl } = await startApiProcess({
    DATABASE_URL: testDatabaseUrl(),
    PUBLIC_URL: h.config.publicUrl,
    DESKTOP_PRESENCE_MS: String(TTL_MS),
  }));
}, 90_000);

afterAll(async () => {
  doomed?.kill("SIGKILL");
  for (const client of clients) client.socket.terminate();
  await survivor.close();
  await redis.quit();
  await h.close();
});

async function subscribed(url: string, token: string) {
  const client = await DesktopClient.open(url, token);
  clients.push(client);
  client.send({ type: "subscribe" });
  await client.waitFor((m) => m.type === "snapshot");
  return client;
}

/** A signed-in agent of the queue, available in the engine. */
async function availableAgent(tenantId: string, queueId: string) {
  const agent = await signedInAgent(h, tenantId, [queueId]);
  await engine.configureAgent(tenantId, {
    agentId: agent.agentId,
    endpoints: [{ kind: "twilio-client", address: `client:${agent.agentId}` }],
    queueIds: [queueId],
  });
  await engine.setAgentState(tenantId, agent.agentId, { state: "available" });
  await h.db.agent.update({ where: { id: agent.agentId }, data: { status: "AVAILABLE" } });
  return agent;
}

const statusOf = async (tenantId: string, agentId: string) =>
  (await engine.agentStatus(tenantId, agentId)).agentState;

const wentOffline =
  (agentId: string) =>
  (m: DesktopServerMessage): boolean =>
    m.type === "event" &&
    m.event.type === "agent.status-changed" &&
    m.event.agent.agentId === agentId &&
    m.event.agent.state === "offline";

describe("presence across API processes", () => {
  it("takes an agent offline when the process holding their desktop is killed, and one on a call only once the call ends", async () => {
    const ws = await h.workspace("presence-kill");
    const queueId = (await h.db.queue.create({ data: { tenantId: ws.tenantId, name: "Support" } })).id;
    await engine.configureQueue(ws.tenantId, { queueId, strategy: "longest-idle", wrapUpSeconds: 0 });
    const agents = await Promise.all([
      availableAgent(ws.tenantId, queueId),
      availableAgent(ws.tenantId, queueId),
      availableAgent(ws.tenantId, queueId),
    ]);
    const wallboard = await subscribed(survivorUrl, ws.token);
    // One agent answers a caller, one is free, one has a second desktop open on the surviving process.
    const callId = randomUUID();
    const entered = await engine.enqueue(ws.tenantId, { queueId, callId, reaches: ["twilio-client"] });
    const offer = entered.offers[0];
    const rung = offer?.agents[0]?.agentId as string;
    expect((await engine.accept(ws.tenantId, offer?.offerId as string, rung)).status).toBe("connected");
    const onCall = agents.find((a) => a.agentId === rung);
    const [free, twice] = agents.filter((a) => a !== onCall);
    if (!onCall || !free || !twice) throw new Error("the engine rang none of the agents");
    for (const agent of agents) await subscribed(doomedUrl, agent.token);
    await subscribed(survivorUrl, twice.token);

    doomed?.kill("SIGKILL");
    doomed = null;

    // The survivor reaps the dead process's sockets: the free agent is offline, for a lost connection.
    const offline = await wallboard.waitFor(wentOffline(free.agentId), 20_000);
    expect(
      offline.type === "event" && offline.event.type === "agent.status-changed" && offline.event.agent,
    ).toMatchObject({ state: "offline", reason: CONNECTION_LOST });
    const recorded = (await engine.events(ws.tenantId)).map((e) => e.event);
    expect(recorded).toContainEqual(
      expect.objectContaining({
        type: "agent.state-changed",
        agentId: free.agentId,
        state: "offline",
        reason: CONNECTION_LOST,
      }),
    );
    expect((await h.db.agent.findUniqueOrThrow({ where: { id: free.agentId } })).status).toBe("OFFLINE");

    // A third process's keeper reaps and retries too (twice: the sockets, then the agents due): the agent on
    // the call stays on it, the one with a desktop still open elsewhere stays available.
    const keeper = new PresenceKeeper(
      new FeedStore(redis),
      (tenantId, agentId) => signOutLostAgent(h.db, engine, tenantId, agentId),
      survivor.log,
      TTL_MS,
    );
    await keeper.beat();
    await keeper.beat();
    expect(await statusOf(ws.tenantId, onCall.agentId)).toBe("on-call");
    expect(await statusOf(ws.tenantId, twice.agentId)).toBe("available");
    const later = await subscribed(survivorUrl, ws.token);
    const snapshot = later.messages.find((m) => m.type === "snapshot");
    const present = snapshot?.type === "snapshot" ? snapshot.snapshot.presence.map((p) => p.userId) : [];
    expect(present).toContain(twice.userId);
    expect(present).not.toContain(free.userId);
    expect(present).not.toContain(onCall.userId);

    // The call ends: now the agent whose desktop is gone goes offline too.
    await engine.complete(ws.tenantId, callId);
    await keeper.beat();
    expect(await statusOf(ws.tenantId, onCall.agentId)).toBe("offline");
    await wallboard.waitFor(wentOffline(onCall.agentId));
    expect(wallboard.messages.some(wentOffline(twice.agentId))).toBe(false);
  }, 60_000);

  it("takes an agent offline a lifetime after their desktop closes and none comes back", async () => {
    const ws = await h.workspace("presence-close");
    const queueId = (await h.db.queue.create({ data: { tenantId: ws.tenantId, name: "Sales" } })).id;
    await engine.configureQueue(ws.tenantId, { queueId, strategy: "longest-idle" });
    const dave = await availableAgent(ws.tenantId, queueId);
    const wallboard = await subscribed(survivorUrl, ws.token);
    const desk = await subscribed(survivorUrl, dave.token);
    await desk.close();
    const offline = await wallboard.waitFor(wentOffline(dave.agentId), 20_000);
    expect(
      offline.type === "event" && offline.event.type === "agent.status-changed" && offline.event.agent,
    ).toMatchObject({ reason: CONNECTION_LOST });
  });
});
