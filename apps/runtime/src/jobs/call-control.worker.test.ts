import { randomBytes, randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createLogger, createRedis } from "@ringflow/platform";
import { queueWiring } from "../acd/queue-wiring.ts";
import { connectedQueueCall } from "../testing/queue-call-fixture.ts";
import { seedTwilioTenant, type SeededTenant } from "../testing/seed.ts";
import { startTwilioRestStandIn } from "../testing/twilio-rest-stand-in.ts";
import {
  CALL_CONTROL_JOB_OPTIONS,
  CALL_CONTROL_QUEUE,
  callControlJobId,
  type CallControlJob,
} from "./call-control.job.ts";
import { runCallControlJob, startCallControlWorker, type CallControlDeps } from "./call-control.worker.ts";
import { bullConnection, bullPrefix } from "./queues.ts";

const keyPrefix = `${process.env.REDIS_KEY_PREFIX ?? ""}${randomUUID()}:`;
const db = createDb(testDatabaseUrl(), { max: 2 });
const redis = createRedis(undefined, { keyPrefix });
const HOLD = "https://cdn.example/hold.mp3";
const CONFERENCE = "CF0123456789abcdef0123456789abcdef";

const joined = new Set<string>();
let rest: Awaited<ReturnType<typeof startTwilioRestStandIn>>;
let deps: CallControlDeps;
let wiring: ReturnType<typeof queueWiring>;
let tenant: SeededTenant;
const sid = () => `CA${randomBytes(16).toString("hex")}`;

beforeAll(async () => {
  rest = await startTwilioRestStandIn(({ method, url, form }) => {
    // A supervisor who is not in the call yet: Twilio knows no participant of that label.
    const label = form.get("Label");
    if (label) joined.add(label);
    const named = /Participants\/(supervisor-[^/]+)\.json$/.exec(url)?.[1];
    if (named && method === "POST" && !joined.has(named))
      return { status: 404, body: { code: 20404, message: "not found", status: 404 } };
    if (method === "DELETE") return { status: 204 };
    return {
      status: 200,
      body: { call_sid: sid(), conference_sid: CONFERENCE, sid: "RE0123456789abcdef0123456789abcdef" },
    };
  });
  const restUrl = rest.url;
  wiring = queueWiring({
    db,
    redis,
    keyPrefix,
    clock: Date.now,
    logger: createLogger("test"),
    publicUrl: "https://voice.control.example",
    twilioApiBaseUrl: restUrl,
  });
  deps = {
    db,
    calls: wiring.calls,
    queues: wiring.queues,
    urls: wiring.urls,
    holdMusicUrl: HOLD,
    twilioApiBaseUrl: restUrl,
    clock: Date.now,
  };
  tenant = await seedTwilioTenant(db, () =>
    buildFlow({ nodes: { start: ["start"], bye: ["hangup", {}] }, edges: [["start", "inbound", "bye"]] }),
  );
});

afterAll(async () => {
  await rest.close();
  await redis.quit();
  await db.$disconnect();
});

/** A call connected to agent Ana through queue "sales" (engine, queued call and Call row, as the runtime leaves them). */
async function connectedCall() {
  const { tenantId } = tenant;
  const queue = await db.queue.create({
    data: { tenantId, name: `sales-${randomUUID()}`, wrapUpSeconds: 30 },
  });
  const other = await db.queue.create({ data: { tenantId, name: `billing-${randomUUID()}` } });
  const agentOf = (displayName: string, kind: "TWILIO_CLIENT" | "PHONE", address: string, queueId?: string) =>
    db.agent.create({
      data: {
        tenantId,
        displayName,
        extension: String(Math.floor(Math.random() * 1e7)),
        endpoints: { create: [{ tenantId, kind, address }] },
        ...(queueId ? { queues: { create: [{ tenantId, queueId }] } } : {}),
      },
    });
  const agent = await agentOf("Ana", "TWILIO_CLIENT", "ana", queue.id);
  const bob = await agentOf("Bob", "PHONE", "+14155550177");
  const cleo = await agentOf("Cleo", "TWILIO_CLIENT", "cleo");
  const callSid = sid();
  const agentLeg = sid();
  const call = await connectedQueueCall(db, wiring, {
    tenantId,
    queueId: queue.id,
    agentId: agent.id,
    provider: "TWILIO",
    providerCallId: callSid,
    providerAccountId: tenant.providerAccountId,
    to: tenant.number,
    turn: 2,
    reaches: ["twilio-client"],
    agentLeg,
    extra: { conferenceId: CONFERENCE },
  });
  return {
    callId: call.callId,
    callSid,
    agentId: agent.id,
    bobId: bob.id,
    cleoId: cleo.id,
    agentLeg,
    otherQueueId: other.id,
  };
}

const job = (callId: string, command: CallControlJob["command"]): CallControlJob => ({
  requestId: randomUUID(),
  tenantId: tenant.tenantId,
  callId,
  requestedBy: { userId: "u-ana" },
  requestedAt: Date.now(),
  command,
});

/** The requests one command made, each checked against Twilio's API description. */
async function run(callId: string, command: CallControlJob["command"]) {
  const before = rest.requests.length;
  const outcome = await runCallControlJob(deps, job(callId, command));
  const made = rest.requests.slice(before);
  for (const request of made) expect(request.problems, `${request.method} ${request.url}`).toEqual([]);
  return {
    outcome,
    made: made.map((r) => ({
      method: r.method,
      path: r.url.replace(/^.*\/Accounts\/[^/]+/, ""),
      form: Object.fromEntries(r.form),
    })),
  };
}

describe("call-control commands on Twilio", () => {
  it("holds and resumes the caller with music, mutes the agent, whispers, listens, barges", async () => {
    const { callId, agentId, agentLeg } = await connectedCall();
    const conf = `/Conferences/${CONFERENCE}/Participants`;
    expect(await run(callId, { action: "hold" })).toEqual({
      outcome: { ok: true, requestId: expect.any(String), callId, action: "hold" },
      made: [
        {
          method: "POST",
          path: `${conf}/caller.json`,
          form: { Hold: "true", HoldUrl: HOLD, HoldMethod: "GET" },
        },
      ],
    });
    expect((await run(callId, { action: "resume" })).made[0]?.form).toEqual({ Hold: "false" });
    // Both logged for the analytics' hold time; a retried request once; holding the agent is not the caller's hold.
    const again = job(callId, { action: "hold" });
    await runCallControlJob(deps, again);
    await runCallControlJob(deps, again);
    await run(callId, { action: "hold", party: "agent" });
    const holds = await db.queueEventRecord.findMany({
      where: { tenantId: tenant.tenantId, event: { path: ["callId"], equals: callId } },
      orderBy: { id: "asc" },
    });
    expect(holds.map((h) => h.event)).toEqual([
      expect.objectContaining({ type: "call.held", queueId: expect.any(String), agentId, test: false }),
      expect.objectContaining({ type: "call.resumed", agentId }),
      expect.objectContaining({ type: "call.held", requestId: again.requestId }),
    ]);
    expect((await run(callId, { action: "mute" })).made[0]).toMatchObject({
      path: `${conf}/agent-${agentId}.json`,
      form: { Muted: "true" },
    });
    const whisper = await run(callId, {
      action: "monitor",
      mode: "whisper",
      supervisorUserId: "u-sue",
      endpoint: { kind: "twilio-client", address: "sue" },
    });
    // Not in the call yet (404 on the update): Sue is added, coaching Ana.
    expect(whisper.made.map((m) => m.method)).toEqual(["POST", "POST"]);
    expect(whisper.made[1]).toMatchObject({
      path: `${conf}.json`,
      form: {
        To: "client:sue",
        Label: "supervisor-u-sue",
        Coaching: "true",
        CallSidToCoach: agentLeg,
        Muted: "false",
        StartConferenceOnEnter: "false",
        EndConferenceOnExit: "false",
      },
    });
    const listen = await run(callId, {
      action: "monitor",
      mode: "listen",
      supervisorUserId: "u-sue",
      endpoint: { kind: "twilio-client", address: "sue" },
    });
    expect(listen.made).toEqual([
      { method: "POST", path: `${conf}/supervisor-u-sue.json`, form: { Muted: "true", Coaching: "false" } },
    ]);
    const barge = await run(callId, {
      action: "monitor",
      mode: "barge",
      supervisorUserId: "u-sue",
      endpoint: { kind: "twilio-client", address: "sue" },
    });
    expect(barge.made[0]?.form).toEqual({ Muted: "false", Coaching: "false" });
    const stop = await run(callId, { action: "monitor.stop", supervisorUserId: "u-sue" });
    expect(stop.made).toEqual([{ method: "DELETE", path: `${conf}/supervisor-u-sue.json`, form: {} }]);
  });

  it("consults an agent with the caller on hold, then completes the transfer: the agent leaves into wrap-up", async () => {
    const { callId, agentId, bobId } = await connectedCall();
    const conf = `/Conferences/${CONFERENCE}/Participants`;
    // Bob is signed out: refused in words, nobody is rung, the caller is not held.
    expect(await run(callId, { action: "consult", target: { kind: "agent", agentId: bobId } })).toEqual({
      outcome: expect.objectContaining({
        ok: false,
        refusal: "agent-unavailable",
        message: expect.stringContaining("not available"),
      }),
      made: [],
    });
    await wiring.engine.setAgentState(tenant.tenantId, bobId, { state: "available" });
    const consult = await run(callId, { action: "consult", target: { kind: "agent", agentId: bobId } });
    expect(consult.made).toEqual([
      {
        method: "POST",
        path: `${conf}/caller.json`,
        form: { Hold: "true", HoldUrl: HOLD, HoldMethod: "GET" },
      },
      {
        method: "POST",
        path: `${conf}.json`,
        form: expect.objectContaining({
          To: "+14155550177",
          From: tenant.number,
          Label: "consult",
          EndConferenceOnExit: "false",
        }),
      },
    ]);
    const complete = await run(callId, { action: "consult.complete" });
    expect(complete.made).toEqual([
      { method: "POST", path: `${conf}/consult.json`, form: { EndConferenceOnExit: "true" } },
      { method: "POST", path: `${conf}/caller.json`, form: { Hold: "false" } },
      { method: "POST", path: `${conf}/agent-${agentId}.json`, form: { EndConferenceOnExit: "false" } },
      { method: "DELETE", path: `${conf}/agent-${agentId}.json`, form: {} },
    ]);
    const events = (await wiring.engine.events(tenant.tenantId)).map((e) => e.event);
    expect(events.slice(-2)).toEqual([
      expect.objectContaining({ type: "agent.state-changed", agentId, state: "wrap-up" }),
      expect.objectContaining({ type: "queue.transferred", callId, fromAgentId: agentId, agentId: bobId }),
    ]);
    // Bob has the call now (on a call, offered nothing else); there is no consultation left to return from.
    expect((await wiring.engine.agentStatus(tenant.tenantId, bobId)).agentState).toBe("on-call");
    expect((await wiring.calls.get(tenant.tenantId, callId))?.progress).toMatchObject({
      agentId: bobId,
      heldAgentId: null,
    });
    expect((await run(callId, { action: "consult.return" })).outcome).toMatchObject({
      ok: false,
      refusal: "no-consultation",
    });
    // The caller was on hold for the consultation (a refused request logs nothing).
    const holds = await db.queueEventRecord.findMany({
      where: { tenantId: tenant.tenantId, event: { path: ["callId"], equals: callId } },
      orderBy: { id: "asc" },
    });
    expect(holds.map((h) => h.type)).toEqual(["call.held", "call.resumed"]);
  });

  it("adds a third party, drops them, and hangs the agent up (the caller goes on in the flow)", async () => {
    const { callId, agentId } = await connectedCall();
    const conf = `/Conferences/${CONFERENCE}/Participants`;
    const added = await run(callId, {
      action: "add-party",
      target: { kind: "number", number: "+14155550188" },
    });
    expect(added.made[0]).toMatchObject({
      path: `${conf}.json`,
      form: { To: "+14155550188", From: tenant.number, Label: "third-party", EndConferenceOnExit: "false" },
    });
    expect((await run(callId, { action: "hangup", party: "third-party" })).made).toEqual([
      { method: "DELETE", path: `${conf}/third-party.json`, form: {} },
    ]);
    expect((await run(callId, { action: "hangup", party: "third-party" })).outcome).toMatchObject({
      refusal: "no-third-party",
    });
    expect((await run(callId, { action: "hangup" })).made).toEqual([
      { method: "DELETE", path: `${conf}/agent-${agentId}.json`, form: {} },
    ]);
  });

  it("transfers blind to an available agent under their own label; the agent is held and takes the call over", async () => {
    const { callId, agentId, bobId } = await connectedCall();
    const conf = `/Conferences/${CONFERENCE}/Participants`;
    await wiring.engine.setAgentState(tenant.tenantId, bobId, { state: "available" });
    const moved = await run(callId, { action: "transfer", target: { kind: "agent", agentId: bobId } });
    expect(moved.outcome.ok).toBe(true);
    expect(moved.made[0]).toMatchObject({ path: `${conf}.json`, form: { Label: `agent-${bobId}` } });
    expect((await wiring.engine.agentStatus(tenant.tenantId, bobId)).agentState).toBe("on-call");
    expect((await wiring.engine.agentStatus(tenant.tenantId, agentId)).agentState).toBe("wrap-up");
    // A second transfer to Bob (now on this call) is refused before anyone is rung.
    expect(
      (await run(callId, { action: "transfer", target: { kind: "agent", agentId: bobId } })).outcome,
    ).toMatchObject({
      ok: false,
      refusal: "agent-unavailable",
    });
    // Bob hangs up: the conversation ends, Bob goes into the queue's wrap-up.
    expect((await run(callId, { action: "hangup" })).made).toEqual([
      { method: "DELETE", path: `${conf}/agent-${bobId}.json`, form: {} },
    ]);
    await wiring.queues.completed(tenant.tenantId, callId);
    expect((await wiring.engine.agentStatus(tenant.tenantId, bobId)).agentState).toBe("wrap-up");
  });

  it("rings an agent's browser phone with the call's id, consulted or transferred to", async () => {
    const { callId, cleoId } = await connectedCall();
    const conf = `/Conferences/${CONFERENCE}/Participants`;
    await wiring.engine.setAgentState(tenant.tenantId, cleoId, { state: "available" });
    // The browser shows the caller's number; the Voice SDK hands the query to the desktop as custom parameters.
    const consult = await run(callId, { action: "consult", target: { kind: "agent", agentId: cleoId } });
    expect(consult.made[1]).toMatchObject({
      path: `${conf}.json`,
      form: { To: `client:cleo?callId=${callId}`, Label: "consult" },
    });
    await run(callId, { action: "consult.return" });
    const moved = await run(callId, { action: "transfer", target: { kind: "agent", agentId: cleoId } });
    expect(moved.outcome.ok).toBe(true);
    expect(moved.made[0]).toMatchObject({
      path: `${conf}.json`,
      form: { To: `client:cleo?callId=${callId}`, Label: `agent-${cleoId}` },
    });
  });

  it("transfers blind to another queue: the caller waits there again and the agent's leg ends", async () => {
    const { callId, callSid, agentLeg, otherQueueId } = await connectedCall();
    const moved = await run(callId, { action: "transfer", target: { kind: "queue", queueId: otherQueueId } });
    expect(moved.outcome.ok).toBe(true);
    expect(moved.made).toEqual([
      {
        method: "POST",
        path: `/Calls/${callSid}.json`,
        form: { Url: "https://voice.control.example/twilio/queue-wait?turn=2", Method: "POST" },
      },
      { method: "POST", path: `/Calls/${agentLeg}.json`, form: { Status: "completed" } },
    ]);
    expect((await wiring.engine.status(tenant.tenantId, callId)).status).toBe("waiting");
    expect((await run(callId, { action: "hold" })).outcome).toMatchObject({
      ok: false,
      refusal: "not-connected",
    });
  });

  it("records within the consent rules, pauses and stops; refuses when the caller declined", async () => {
    const { callId, callSid } = await connectedCall();
    const started = await run(callId, { action: "recording.start" });
    expect(started.made[0]).toMatchObject({
      path: `/Calls/${callSid}/Recordings.json`,
      form: { RecordingChannels: "dual" },
    });
    expect((await run(callId, { action: "recording.pause" })).made[0]).toMatchObject({
      path: `/Calls/${callSid}/Recordings/Twilio.CURRENT.json`,
      form: { Status: "paused", PauseBehavior: "silence" },
    });
    expect((await run(callId, { action: "recording.stop" })).made[0]?.form).toEqual({ Status: "stopped" });
    await db.consentRecord.create({
      data: {
        tenantId: tenant.tenantId,
        callId,
        nodeId: "consent",
        required: true,
        granted: false,
        method: "dtmf",
        rule: "two-party",
        announcementText: "This call may be recorded.",
        at: new Date(),
      },
    });
    expect(await run(callId, { action: "recording.start" })).toMatchObject({
      outcome: { ok: false, refusal: "no-consent", message: expect.stringContaining("not agreed") },
      made: [],
    });
  });

  it("runs what the API adds to the queue and answers with the outcome; an unknown call is refused in words", async () => {
    const { callId } = await connectedCall();
    const config = { redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", keyPrefix };
    const worker = startCallControlWorker(deps, config);
    const queue = new Queue(CALL_CONTROL_QUEUE, {
      connection: bullConnection(config),
      prefix: bullPrefix(config),
    });
    const events = new QueueEvents(CALL_CONTROL_QUEUE, {
      connection: bullConnection(config),
      prefix: bullPrefix(config),
    });
    try {
      const data = job(callId, { action: "hold" });
      const added = await queue.add("hold", data, {
        ...CALL_CONTROL_JOB_OPTIONS,
        jobId: callControlJobId(data),
      });
      expect(await added.waitUntilFinished(events, 10_000)).toMatchObject({ ok: true, action: "hold" });
      const unknown = job(randomUUID(), { action: "hangup" });
      const refused = await queue.add("hangup", unknown, { jobId: callControlJobId(unknown) });
      expect(await refused.waitUntilFinished(events, 10_000)).toMatchObject({
        ok: false,
        refusal: "call-not-found",
      });
    } finally {
      await Promise.all([worker.close(), queue.close(), events.close()]);
    }
  });
});
