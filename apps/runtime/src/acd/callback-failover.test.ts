import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createRedis, MARKED_DOWN, ProviderHealth } from "@ringflow/platform";
import { lamlPath, startFakeCarrier, type RecordedRequest } from "@ringflow/platform/testing/fake-carrier";
import { QueueEngine, syncTenant } from "@ringflow/queues";
import { seedSignalWire } from "../testing/carrier-fixture.ts";
import { FakeTwilio } from "../testing/fake-twilio.ts";
import { startLogWriter, startRuntime, type RuntimeInstance } from "../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant } from "../testing/seed.ts";
import { startTwilioRestStandIn } from "../testing/twilio-rest-stand-in.ts";
import { QueuedCalls } from "./queued-calls.ts";

const PUBLIC_URL = "https://voice.callback-failover.example";
// A prefix of its own: this file's runtime rings every offer under it through this file's fake carriers.
const keyPrefix = `${process.env.REDIS_KEY_PREFIX ?? ""}${randomUUID()}:`;
const db = createDb(testDatabaseUrl(), { max: 2 });
const redis = createRedis(undefined, { keyPrefix });
const engine = new QueueEngine(redis, Date.now);

const flow = () =>
  buildFlow({
    nodes: {
      start: ["start"],
      queue: ["enqueue", { queue: "sales", offerCallback: true, maxWaitSeconds: 60 }],
      later: ["say", { text: { "en-US": "We will call you back." } }],
      sorry: ["say", { text: { "en-US": "Everyone is busy." } }],
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "queue"],
      ["queue", "bridged", "bye"],
      ["queue", "overflow", "sorry"],
      ["queue", "callback", "later"],
      ["later", "next", "bye"],
      ["sorry", "next", "bye"],
    ],
  });

// Twilio, the primary, refuses every participant it is asked to add (as each test says); SignalWire places.
const UNAVAILABLE = { status: 503, body: { code: 20503, message: "Service Unavailable", status: 503 } };
let twilioAnswer: { status: number; body: unknown } = UNAVAILABLE;
let twilioApi: Awaited<ReturnType<typeof startTwilioRestStandIn>>;
let signalWireApi: Awaited<ReturnType<typeof startFakeCarrier>>;
let runtime: RuntimeInstance;
let writer: { close(): Promise<void> };

beforeAll(async () => {
  twilioApi = await startTwilioRestStandIn(() => twilioAnswer);
  signalWireApi = await startFakeCarrier((request) =>
    request.method === "POST" && request.path.endsWith("/Calls.json")
      ? { status: 201, body: { sid: `sw-leg-${randomUUID()}`, status: "queued" } }
      : { status: 200, body: {} },
  );
  runtime = await startRuntime({
    publicUrl: PUBLIC_URL,
    twilioApiBaseUrl: twilioApi.url,
    signalWireApiBaseUrl: signalWireApi.url,
    redisKeyPrefix: keyPrefix,
  });
  writer = await startLogWriter(db, keyPrefix);
});

afterAll(async () => {
  await writer.close();
  await runtime.close();
  await Promise.all([twilioApi.close(), signalWireApi.close()]);
  await redis.quit();
  await db.$disconnect();
});

const form = (request: RecordedRequest) => Object.fromEntries(new URLSearchParams(request.body));

/** The backup carrier posting a webhook of a leg it placed, signed with its account's key. */
const legWebhook = (carrier: FakeTwilio, url: string, fields: Record<string, string>) =>
  carrier.post(url, { AccountSid: carrier.options.accountSid, ...fields });

/** A tenant whose Twilio account names a SignalWire backup; its caller asked to be called back while Gus was away. */
async function callbackBooked(caller: string) {
  const tenant = await seedTwilioTenant(db, flow);
  const queue = await db.queue.create({
    data: { tenantId: tenant.tenantId, name: "sales", wrapUpSeconds: 30, ringTimeoutSeconds: 15 },
  });
  const agentPhone = `+1415555${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const agent = await db.agent.create({
    data: {
      tenantId: tenant.tenantId,
      displayName: "Gus",
      extension: "31",
      endpoints: { create: [{ tenantId: tenant.tenantId, kind: "PHONE", address: agentPhone }] },
      queues: { create: [{ tenantId: tenant.tenantId, queueId: queue.id }] },
    },
  });
  const backup = await seedSignalWire(db, tenant.tenantId, tenant.flowId);
  await db.providerAccount.update({
    where: { id: tenant.providerAccountId },
    data: { failoverAccountId: backup.providerAccountId },
  });
  await syncTenant(db, engine, tenant.tenantId);
  await engine.setAgentState(tenant.tenantId, agent.id, { state: "away", reason: "Lunch" });

  // The caller asks to be called back and hangs up.
  const twilio = new FakeTwilio({
    publicUrl: PUBLIC_URL,
    instances: [runtime.url],
    accountSid: tenant.accountSid,
    authToken: tenant.authToken,
  });
  const call = await twilio.call({ from: caller, to: tenant.number });
  await call.redirect();
  await call.press("1");
  await call.press("1");
  expect(call.spoken()).toEqual(["We will call you back."]);
  await call.statusCallback("completed");
  const row = await eventually(() =>
    db.call.findFirst({ where: { tenantId: tenant.tenantId, providerCallId: call.callSid } }),
  );

  return { tenant, agent, agentPhone, backup, caller, row };
}

describe("a queue callback the primary carrier cannot place goes out through the backup account", () => {
  it("Twilio answers 503: the agent and then the caller are rung through SignalWire into its conference, and the log says why", async () => {
    twilioAnswer = UNAVAILABLE;
    const { tenant, agent, agentPhone, backup, caller, row } = await callbackBooked("+14155550148");
    // Gus is back: Twilio refuses his leg (503), so SignalWire rings his phone, to join the conference there.
    await engine.setAgentState(tenant.tenantId, agent.id, { state: "available" });
    const signalWire = backup.carrier(PUBLIC_URL, [runtime.url]);
    const calls = `${lamlPath(signalWire.options.accountSid)}/Calls.json`;
    const ring = await eventually(async () =>
      signalWireApi.requests.find((r) => r.path === calls && form(r).To === agentPhone),
    );
    expect(twilioApi.requests.some((r) => r.url.endsWith("/Participants.json"))).toBe(true);
    const agentLeg = form(ring);
    expect(agentLeg).toMatchObject({ From: tenant.number, StatusCallbackMethod: "POST" });
    const join = new URL(agentLeg.Url as string);
    expect(join.pathname).toBe("/signalwire/queue-join");
    expect(join.searchParams.get("conference")).toBe(`call-${row.id}`);
    expect(new URL(agentLeg.StatusCallback as string).pathname).toBe("/signalwire/queue-leg");

    // The queued call is SignalWire's now: the caller's leg and the desktop's controls go to that account.
    const queued = await new QueuedCalls(redis).get(tenant.tenantId, row.id);
    expect(queued?.call).toMatchObject({
      provider: "SIGNALWIRE",
      providerAccountId: backup.providerAccountId,
    });

    // Gus answers: he joins the conference, and the caller's number is rung through SignalWire too.
    const gusLeg = `sw-${randomBytes(8).toString("hex")}`;
    const joined = await legWebhook(signalWire, agentLeg.Url as string, {
      CallSid: gusLeg,
      CallStatus: "in-progress",
    });
    expect(joined.body).toContain(`>call-${row.id}</Conference>`);
    expect(joined.body).toContain(`participantLabel="agent-${agent.id}"`);
    const answered = await legWebhook(signalWire, agentLeg.StatusCallback as string, {
      CallSid: gusLeg,
      CallStatus: "in-progress",
      From: tenant.number,
      To: agentPhone,
    });
    expect(answered.status).toBe(204);
    const callback = await eventually(async () =>
      signalWireApi.requests.find((r) => r.path === calls && form(r).To === caller),
    );
    const callerLeg = form(callback);
    expect(callerLeg).toMatchObject({ From: tenant.number });
    expect(new URL(callerLeg.Url as string).searchParams.get("label")).toBe("caller");

    // The caller picks up and is bridged with Gus in the same conference.
    const bridged = await legWebhook(signalWire, callerLeg.Url as string, {
      CallSid: `sw-${randomBytes(8).toString("hex")}`,
      CallStatus: "in-progress",
    });
    expect(bridged.body).toContain(`>call-${row.id}</Conference>`);
    expect(bridged.body).toContain('participantLabel="caller"');

    // The call's log names each account asked and why the first was passed over.
    const placed = await eventually(() =>
      db.callEvent.findFirst({ where: { tenantId: tenant.tenantId, callId: row.id, type: "call.placed" } }),
    );
    const attempts = (placed.data as { attempts: Record<string, string>[] }).attempts;
    expect(attempts).toMatchObject([
      { providerAccountId: tenant.providerAccountId, provider: "TWILIO", outcome: "refused" },
      { providerAccountId: backup.providerAccountId, provider: "SIGNALWIRE", outcome: "placed" },
    ]);
    expect(attempts[0]?.reason).toMatch(/Service Unavailable/);
  });

  it("a refusal of the number itself (Twilio's 400) is not tried on the backup account", async () => {
    twilioAnswer = {
      status: 400,
      body: { code: 21211, message: "The 'To' number is not valid.", status: 400 },
    };
    const { tenant, agent, agentPhone, row } = await callbackBooked("+14155550149");
    await engine.setAgentState(tenant.tenantId, agent.id, { state: "available" });
    const placed = await eventually(() =>
      db.callEvent.findFirst({ where: { tenantId: tenant.tenantId, callId: row.id, type: "call.placed" } }),
    );
    expect((placed.data as { attempts: unknown[] }).attempts).toEqual([
      {
        providerAccountId: tenant.providerAccountId,
        provider: "TWILIO",
        outcome: "refused",
        reason: "The 'To' number is not valid.",
      },
    ]);
    expect(signalWireApi.requests.some((r) => form(r).To === agentPhone)).toBe(false);
    const queued = await new QueuedCalls(redis).get(tenant.tenantId, row.id);
    expect(queued?.call).toMatchObject({ provider: "TWILIO", providerAccountId: tenant.providerAccountId });
  });

  it("a primary marked down is passed over: the callback rings through the backup without asking it", async () => {
    twilioAnswer = UNAVAILABLE;
    const { tenant, agent, agentPhone, backup, row } = await callbackBooked("+14155550150");
    const health = new ProviderHealth(redis);
    for (let i = 0; i < 5; i++)
      await health.record(tenant.providerAccountId, { channel: "rest", ok: false, latencyMs: 1 });
    await engine.setAgentState(tenant.tenantId, agent.id, { state: "available" });
    await eventually(async () => signalWireApi.requests.find((r) => form(r).To === agentPhone));
    const placed = await eventually(() =>
      db.callEvent.findFirst({ where: { tenantId: tenant.tenantId, callId: row.id, type: "call.placed" } }),
    );
    expect((placed.data as { attempts: unknown[] }).attempts).toEqual([
      {
        providerAccountId: tenant.providerAccountId,
        provider: "TWILIO",
        outcome: "skipped",
        reason: MARKED_DOWN,
      },
      { providerAccountId: backup.providerAccountId, provider: "SIGNALWIRE", outcome: "placed" },
    ]);
    expect(
      twilioApi.requests.some(
        (r) => r.url.includes(`/Accounts/${tenant.accountSid}/`) && r.url.endsWith("/Participants.json"),
      ),
    ).toBe(false);
  });
});
