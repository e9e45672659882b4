import { randomBytes, randomUUID } from "node:crypto";
import ari, { type Client } from "ari-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createLogger, createRedis } from "@ringflow/platform";
import { startFakeAri, type FakeAri } from "@ringflow/platform/testing/fake-ari";
import { syncAgent } from "@ringflow/queues";
import { queueWiring } from "../../acd/queue-wiring.ts";
import type { CallControlJob } from "../../jobs/call-control.job.ts";
import { runCallControlJob, type CallControlDeps } from "../../jobs/call-control.worker.ts";
import { seedAsteriskTenant, type AsteriskTenant } from "../../testing/asterisk-runtime.ts";
import { connectedQueueCall } from "../../testing/queue-call-fixture.ts";
import { eventually } from "../../testing/seed.ts";
import { internalIds } from "./dial-string.ts";

const keyPrefix = `${process.env.REDIS_KEY_PREFIX ?? ""}ariq-${randomBytes(3).toString("hex")}:`;
const db = createDb(testDatabaseUrl(), { max: 2 });
const redis = createRedis(undefined, { keyPrefix });
const TURN = 3;

let fake: FakeAri;
/** Stands for the process holding the connection: the application is served, its events ignored. */
let holder: Client;
let tenant: AsteriskTenant;
let wiring: ReturnType<typeof queueWiring>;
let deps: CallControlDeps;

beforeAll(async () => {
  const applicationName = `ringflow-${randomBytes(3).toString("hex")}`;
  fake = await startFakeAri({ app: applicationName, secondsMs: 100, playbackMs: 150 });
  tenant = await seedAsteriskTenant(
    db,
    { url: fake.url, username: fake.username, password: fake.password, applicationName },
    buildFlow({ nodes: { start: ["start"], bye: ["hangup", {}] }, edges: [["start", "inbound", "bye"]] }),
  );
  holder = await ari.connect(fake.url, fake.username, fake.password);
  await holder.start(applicationName);
  wiring = queueWiring({
    db,
    redis,
    keyPrefix,
    clock: Date.now,
    logger: createLogger("test"),
    publicUrl: "https://voice.control.example",
    twilioApiBaseUrl: "http://127.0.0.1:9",
    pbxAllowNetworks: ["127.0.0.1"],
  });
  deps = {
    db,
    calls: wiring.calls,
    queues: wiring.queues,
    urls: wiring.urls,
    holdMusicUrl: "https://cdn.example/hold.mp3",
    twilioApiBaseUrl: "http://127.0.0.1:9",
    clock: Date.now,
    pbxAllowNetworks: ["127.0.0.1"],
  };
});

afterEach(() => {
  expect(fake.problems()).toEqual([]);
});

afterAll(async () => {
  holder.stop();
  await fake.close();
  await redis.quit();
  await db.$disconnect();
});

const channel = (id: string) => fake.channels().find((c) => c.id === id);
const legsOf = (caller: string) => fake.channels().filter((c) => c.id.startsWith(`${caller}-cc-`));

/**
 * A caller on the PBX talking with agent Ana's leg in the conversation's mixing bridge, connected in the queue
 * engine as the runtime leaves such a call (Call row, queued call, accepted offer).
 */
async function connectedCall() {
  const { tenantId } = tenant;
  const queue = await db.queue.create({
    data: { tenantId, name: `sales-${randomUUID()}`, wrapUpSeconds: 30 },
  });
  const agent = await db.agent.create({
    data: {
      tenantId,
      displayName: "Ana",
      extension: String(Math.floor(Math.random() * 1e7)),
      endpoints: { create: [{ tenantId, kind: "SIP", address: "PJSIP/201" }] },
      queues: { create: [{ tenantId, queueId: queue.id }] },
    },
  });
  const bob = await db.agent.create({
    data: {
      tenantId,
      displayName: "Bob",
      extension: String(Math.floor(Math.random() * 1e7)),
      endpoints: { create: [{ tenantId, kind: "SIP", address: "PJSIP/202" }] },
    },
  });
  const caller = await fake.callIn({ exten: tenant.extension, callerNumber: "+14155550142" });
  await eventually(async () => channel(caller)?.app);
  const agentLeg = `ringflow-agent.${randomUUID()}`;
  await holder.channels.originateWithId({
    channelId: agentLeg,
    endpoint: "PJSIP/201",
    app: tenant.applicationName,
  });
  await eventually(async () => channel(agentLeg)?.ringing);
  fake.answerOutbound(agentLeg);
  await eventually(async () => channel(agentLeg)?.app);
  const talk = internalIds(caller, TURN).bridge;
  await holder.bridges.createWithId({ bridgeId: talk, type: "mixing" });
  await holder.bridges.addChannel({ bridgeId: talk, channel: [caller, agentLeg] });

  const call = await connectedQueueCall(db, wiring, {
    tenantId,
    queueId: queue.id,
    agentId: agent.id,
    provider: "ASTERISK",
    providerCallId: caller,
    providerAccountId: tenant.providerAccountId,
    to: tenant.extension,
    turn: TURN,
    reaches: ["sip"],
    agentLeg,
  });
  return { callId: call.callId, caller, agentLeg, talk, agentId: agent.id, bobId: bob.id };
}

async function run(callId: string, command: CallControlJob["command"]) {
  const before = fake.requests.length;
  const outcome = await runCallControlJob(deps, {
    requestId: randomUUID(),
    tenantId: tenant.tenantId,
    callId,
    requestedBy: { userId: "u-ana" },
    requestedAt: Date.now(),
    command,
  });
  return { outcome, made: fake.requests.slice(before).map((r) => `${r.method} ${r.path}`) };
}

const inBridge = (bridge: string) =>
  fake
    .channels()
    .filter((c) => c.bridgeId === bridge)
    .map((c) => c.id)
    .sort();

describe("desktop call controls on an Asterisk call (fake ARI)", () => {
  it("holds the caller out of the bridge with music and back, mutes and unmutes the agent", async () => {
    const { callId, caller, agentLeg, talk } = await connectedCall();
    const held = await run(callId, { action: "hold" });
    expect(held.outcome).toMatchObject({ ok: true, action: "hold" });
    expect(held.made).toEqual([`POST /bridges/${talk}/removeChannel`, `POST /channels/${caller}/moh`]);
    expect(channel(caller)).toMatchObject({ moh: "default", bridgeId: undefined });
    expect(inBridge(talk)).toEqual([agentLeg]);

    expect((await run(callId, { action: "resume" })).outcome.ok).toBe(true);
    expect(channel(caller)?.moh).toBeUndefined();
    expect(inBridge(talk)).toEqual([caller, agentLeg].sort());

    expect((await run(callId, { action: "mute" })).made).toEqual([`POST /channels/${agentLeg}/mute`]);
    expect(channel(agentLeg)?.muted).toBe("in");
    await run(callId, { action: "unmute" });
    expect(channel(agentLeg)?.muted).toBeUndefined();
  });

  it("consults Bob with the caller on hold, then completes: caller and Bob talk, Ana leaves into wrap-up", async () => {
    const { callId, caller, agentLeg, talk, agentId, bobId } = await connectedCall();
    await syncAgent(db, wiring.engine, tenant.tenantId, bobId);
    await wiring.engine.setAgentState(tenant.tenantId, bobId, { state: "available" });
    const consult = await run(callId, { action: "consult", target: { kind: "agent", agentId: bobId } });
    expect(consult.outcome.ok).toBe(true);
    // Held for the consultation: no caller is offered to Bob while he talks to Ana.
    expect((await wiring.engine.agentStatus(tenant.tenantId, bobId)).agentState).toBe("on-call");
    const [bob] = await eventually(async () => {
      const legs = legsOf(caller).filter((c) => c.ringing);
      return legs.length ? legs : null;
    });
    expect(channel(caller)?.moh).toBe("default");
    fake.answerOutbound(bob!.id);
    await eventually(async () => inBridge(talk).includes(bob!.id));
    expect(inBridge(talk)).toEqual([agentLeg, bob!.id].sort());
    expect((await wiring.calls.get(tenant.tenantId, callId))?.progress.extraParty).toBe("consult");

    expect((await run(callId, { action: "consult.complete" })).outcome.ok).toBe(true);
    expect(channel(agentLeg)).toBeUndefined();
    expect(inBridge(talk)).toEqual([caller, bob!.id].sort());
    const after = await wiring.calls.get(tenant.tenantId, callId);
    // The call is Bob's now: Ana wraps up, Bob's desktop controls it.
    expect(after?.progress).toMatchObject({
      agentLeg: bob!.id,
      agentId: bobId,
      extraParty: null,
      phase: "connected",
    });
    expect((await wiring.engine.agentStatus(tenant.tenantId, agentId)).agentState).toBe("wrap-up");
    expect((await run(callId, { action: "hold" })).outcome.ok).toBe(true);
  });

  it("a supervisor listens through a snoop on the agent's leg, then barges into the conversation, then leaves", async () => {
    const { callId, caller, agentLeg, talk } = await connectedCall();
    const listen = await run(callId, {
      action: "monitor",
      mode: "listen",
      supervisorUserId: "u-sam",
      endpoint: { kind: "sip", address: "PJSIP/300" },
    });
    expect(listen.outcome.ok).toBe(true);
    const supervisor = await eventually(async () => legsOf(caller).find((c) => c.ringing));
    fake.answerOutbound(supervisor.id);
    const snoop = await eventually(async () => fake.channels().find((c) => c.snoopOf === agentLeg));
    await eventually(async () => channel(supervisor.id)?.bridgeId !== undefined);
    expect(channel(supervisor.id)?.bridgeId).toBe(channel(snoop.id)?.bridgeId);
    expect(inBridge(talk)).toEqual([caller, agentLeg].sort());
    const snooped = fake.requests.find((r) => r.path === `/channels/${agentLeg}/snoop/${snoop.id}`);
    expect(snooped?.query).toMatchObject({ spy: "both", whisper: "none" });

    // Barge: the same supervisor's leg moves into the conversation's bridge; the snoop goes.
    const barge = await run(callId, {
      action: "monitor",
      mode: "barge",
      supervisorUserId: "u-sam",
      endpoint: { kind: "sip", address: "PJSIP/300" },
    });
    expect(barge.outcome.ok).toBe(true);
    expect(inBridge(talk)).toEqual([caller, agentLeg, supervisor.id].sort());
    expect(channel(snoop.id)).toBeUndefined();

    await run(callId, { action: "monitor.stop", supervisorUserId: "u-sam" });
    expect(channel(supervisor.id)).toBeUndefined();
    expect(inBridge(talk)).toEqual([caller, agentLeg].sort());
  });

  it("blind transfers to a number (the target takes the agent's place once answered)", async () => {
    const { callId, caller, agentLeg, talk } = await connectedCall();
    const transfer = await run(callId, {
      action: "transfer",
      target: { kind: "number", number: "+14155550123" },
    });
    expect(transfer.outcome.ok).toBe(true);
    const target = await eventually(async () => legsOf(caller).find((c) => c.ringing));
    // Until the target answers the agent stays with the caller.
    expect(inBridge(talk)).toEqual([caller, agentLeg].sort());
    fake.answerOutbound(target.id);
    await eventually(async () => !channel(agentLeg));
    expect(inBridge(talk)).toEqual([caller, target.id].sort());
    // The agent's conversation is over once the runtime has handled their leg's end, a moment after it is gone.
    const progress = await eventually(async () => {
      const found = (await wiring.calls.get(tenant.tenantId, callId))?.progress;
      return found?.phase === "done" ? found : null;
    });
    expect(progress).toMatchObject({ agentLeg: target.id, phase: "done" });
  });

  it("blind transfers to another queue: the agent's leg ends and the caller waits in that queue", async () => {
    const { callId, agentLeg } = await connectedCall();
    const other = await db.queue.create({
      data: { tenantId: tenant.tenantId, name: `billing-${randomUUID()}` },
    });
    const moved = await run(callId, { action: "transfer", target: { kind: "queue", queueId: other.id } });
    expect(moved.outcome.ok).toBe(true);
    await eventually(async () => !channel(agentLeg));
    const found = await wiring.calls.get(tenant.tenantId, callId);
    expect(found?.call.queueId).toBe(other.id);
    expect(found?.progress.phase).toBe("waiting");
  });

  it("adds a third party by number, drops them, then the agent hangs up with the call", async () => {
    const { callId, caller, agentLeg, talk } = await connectedCall();
    expect(
      (await run(callId, { action: "add-party", target: { kind: "number", number: "+14155550199" } })).outcome
        .ok,
    ).toBe(true);
    const third = await eventually(async () => legsOf(caller).find((c) => c.ringing));
    fake.answerOutbound(third.id);
    await eventually(async () => inBridge(talk).length === 3);
    const originate = fake.requests.find((r) => r.method === "POST" && r.path === `/channels/${third.id}`);
    expect(originate?.query).toMatchObject({
      endpoint: "Local/+14155550199@" + channel(caller)?.dialplan.context,
    });
    expect((await run(callId, { action: "hangup", party: "third-party" })).outcome.ok).toBe(true);
    expect(channel(third.id)).toBeUndefined();
    expect((await run(callId, { action: "hangup", party: "third-party" })).outcome).toMatchObject({
      ok: false,
      refusal: "no-third-party",
    });
    await run(callId, { action: "hangup", endCall: true });
    expect(channel(caller)).toBeUndefined();
    expect(channel(agentLeg)).toBeUndefined();
    expect((await run(callId, { action: "recording.start" })).outcome).toMatchObject({ ok: false });
  });
});
