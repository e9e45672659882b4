import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { realtimeChannel, realtimeEventSchema, type RealtimeEvent } from "@ringflow/flow-schema";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createLogger, createRedis } from "@ringflow/platform";
import { startFakeCarrier } from "@ringflow/platform/testing/fake-carrier";
import { queueWiring } from "../../acd/queue-wiring.ts";
import { seedSignalWire, seedTelnyx } from "../../testing/carrier-fixture.ts";
import { FakeTwilio } from "../../testing/fake-twilio.ts";
import { agentAsks, connectedQueueCall } from "../../testing/queue-call-fixture.ts";
import { startRuntime, type RuntimeInstance } from "../../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant, type SeededTenant } from "../../testing/seed.ts";
import { startTwilioRestStandIn, type RecordedRequest } from "../../testing/twilio-rest-stand-in.ts";

type Outcome = Extract<RealtimeEvent, { type: "call.control-outcome" }>;

const PUBLIC_URL = "https://voice.control-leg.example";
const CONFERENCE = "CF0123456789abcdef0123456789abcdef";
// A prefix of its own: the runtime that hears the signed callbacks and this file's wiring share the calls.
const keyPrefix = `${process.env.REDIS_KEY_PREFIX ?? ""}${randomUUID()}:`;
const db = createDb(testDatabaseUrl(), { max: 2 });
const redis = createRedis(undefined, { keyPrefix });
const listener = redis.duplicate();
const heard: Outcome[] = [];
const callSid = () => `CA${randomBytes(16).toString("hex")}`;
let standIn: Awaited<ReturnType<typeof startTwilioRestStandIn>>;
let carrierApi: Awaited<ReturnType<typeof startFakeCarrier>>;
let runtime: RuntimeInstance;
let wiring: ReturnType<typeof queueWiring>;

const flow = () =>
  buildFlow({ nodes: { start: ["start"], bye: ["hangup", {}] }, edges: [["start", "inbound", "bye"]] });

beforeAll(async () => {
  standIn = await startTwilioRestStandIn(({ url }) =>
    /\/Participants\.json$/.test(url)
      ? { status: 201, body: { call_sid: callSid(), conference_sid: CONFERENCE } }
      : { status: 200, body: {} },
  );
  // SignalWire's and Telnyx's REST APIs: the call's conference found by name, every command answered.
  carrierApi = await startFakeCarrier((request) =>
    request.method === "GET" && /\/Conferences(\.json)?\?/.test(request.path)
      ? { status: 200, body: { conferences: [{ sid: CONFERENCE, status: "in-progress" }] } }
      : { status: 200, body: { sid: callSid() } },
  );
  const carriers = { signalWireApiBaseUrl: carrierApi.url, telnyxApiBaseUrl: carrierApi.url };
  runtime = await startRuntime({
    publicUrl: PUBLIC_URL,
    twilioApiBaseUrl: standIn.url,
    redisKeyPrefix: keyPrefix,
    ...carriers,
  });
  wiring = queueWiring({
    db,
    redis,
    keyPrefix,
    clock: Date.now,
    logger: createLogger("test"),
    publicUrl: PUBLIC_URL,
    twilioApiBaseUrl: standIn.url,
    ...carriers,
  });
  listener.on("message", (_channel: string, raw: string) => {
    const event = realtimeEventSchema.safeParse(JSON.parse(raw)).data;
    if (event?.type === "call.control-outcome") heard.push(event);
  });
});

afterAll(async () => {
  await runtime.close();
  await standIn.close();
  await carrierApi.close();
  await listener.quit();
  await redis.quit();
  await db.$disconnect();
});

/** A tenant whose agent Ana talks with a caller of its queue; Bob, another agent, is available. */
async function talkingTenant() {
  const tenant = await seedTwilioTenant(db, flow);
  const { tenantId } = tenant;
  await listener.subscribe(`${keyPrefix}${realtimeChannel(tenantId)}`);
  const queue = await db.queue.create({ data: { tenantId, name: `support-${randomUUID()}` } });
  // Bob is not of the queue: a caller back in it is not offered to him, he stays available.
  const agent = (name: string, kind: "TWILIO_CLIENT" | "PHONE", address: string, member: boolean) =>
    db.agent.create({
      data: {
        tenantId,
        displayName: name,
        extension: String(Math.floor(Math.random() * 1e7)),
        endpoints: { create: [{ tenantId, kind, address }] },
        queues: { create: member ? [{ tenantId, queueId: queue.id }] : [] },
      },
    });
  const ana = await agent("Ana", "TWILIO_CLIENT", `ana-${randomUUID()}`, true);
  const bob = await agent("Bob", "PHONE", "+14155550188", false);
  const caller = callSid();
  const { callId } = await connectedQueueCall(db, wiring, {
    tenantId,
    queueId: queue.id,
    agentId: ana.id,
    provider: "TWILIO",
    providerCallId: caller,
    providerAccountId: tenant.providerAccountId,
    to: tenant.number,
    turn: 2,
    reaches: ["twilio-client", "phone"],
    agentLeg: callSid(),
    extra: { conferenceId: CONFERENCE },
  });
  await wiring.engine.setAgentState(tenantId, bob.id, { state: "available" });
  const ask = agentAsks(db, wiring, standIn.url, { tenantId, callId, agentId: ana.id });
  const fake = new FakeTwilio({
    publicUrl: PUBLIC_URL,
    instances: [runtime.url],
    accountSid: tenant.accountSid,
    authToken: tenant.authToken,
  });
  return { tenant, queueId: queue.id, ana, bob, caller, callId, ask, fake };
}

const ofAccount = (tenant: SeededTenant) =>
  standIn.requests.filter((r) => r.url.includes(`/Accounts/${tenant.accountSid}/`));
const rungAs = (tenant: SeededTenant, label: string) =>
  ofAccount(tenant).find((r) => r.url.endsWith("/Participants.json") && r.form.get("Label") === label);

/** Twilio's participant status callback for the leg `rung`, signed by `fake`'s account. */
const legStatus = (fake: FakeTwilio, rung: RecordedRequest, status: string) =>
  fake.post(rung.form.get("StatusCallback") as string, {
    AccountSid: fake.options.accountSid,
    CallSid: callSid(),
    CallStatus: status,
    From: rung.form.get("From") as string,
    To: rung.form.get("To") as string,
  });

/** The caller, held for the consultation, hears Ana again (one unhold since `since`); nobody else is on. */
async function expectBackWithAna(
  tenant: SeededTenant,
  at: { caller: string; callId: string; anaId: string; since: number },
) {
  const resumed = ofAccount(tenant)
    .slice(at.since)
    .filter(
      (r) => r.url.endsWith(`/Participants/${at.caller}.json`) || r.url.endsWith("/Participants/caller.json"),
    );
  expect(resumed.map((r) => r.form.get("Hold"))).toEqual(["false"]);
  expect((await wiring.calls.get(tenant.tenantId, at.callId))?.progress).toMatchObject({
    extraParty: null,
    heldAgentId: null,
    agentId: at.anaId,
    phase: "connected",
  });
}

describe("a transfer or consultation target who does not answer, on Twilio", () => {
  it("a consultation Bob does not answer: Bob is available again, the caller back with Ana, Ana told once", async () => {
    const { tenant, ana, bob, caller, callId, ask, fake } = await talkingTenant();
    expect((await ask({ action: "consult", target: { kind: "agent", agentId: bob.id } })).ok).toBe(true);
    expect((await wiring.engine.agentStatus(tenant.tenantId, bob.id)).agentState).toBe("on-call");
    const rung = rungAs(tenant, "consult");
    if (!rung) throw new Error("Bob was not rung into the conference");
    // The participant's status comes back to the runtime, as Twilio's API describes the parameters.
    expect(rung.problems).toEqual([]);
    expect(rung.form.get("StatusCallback")).toMatch(new RegExp(`^${PUBLIC_URL}/twilio/control-leg\\?`));
    expect(rung.form.getAll("StatusCallbackEvent")).toEqual([
      "initiated",
      "ringing",
      "answered",
      "completed",
    ]);
    expect(rung.form.get("StatusCallbackMethod")).toBe("POST");
    expect(Number(rung.form.get("Timeout"))).toBeGreaterThan(0);

    // Another workspace's account signing the same callback acts on none of this workspace's calls.
    const other = await seedTwilioTenant(db, flow);
    const intruder = new FakeTwilio({
      ...fake.options,
      accountSid: other.accountSid,
      authToken: other.authToken,
    });
    expect((await legStatus(intruder, rung, "no-answer")).status).toBe(204);
    // Unsigned: refused before anything runs.
    const unsigned = await fake.post(
      rung.form.get("StatusCallback") as string,
      { CallSid: callSid(), CallStatus: "no-answer" },
      null,
    );
    expect(unsigned.status).toBe(403);
    expect((await wiring.engine.agentStatus(tenant.tenantId, bob.id)).agentState).toBe("on-call");

    const before = ofAccount(tenant).length;
    expect((await legStatus(fake, rung, "ringing")).status).toBe(204);
    expect((await legStatus(fake, rung, "no-answer")).status).toBe(204);
    expect((await wiring.engine.agentStatus(tenant.tenantId, bob.id)).agentState).toBe("available");
    await expectBackWithAna(tenant, { caller, callId, anaId: ana.id, since: before });
    await eventually(async () => heard.some((e) => e.callId === callId && e.result === "not-answered"));
    // Twilio's "completed" after the leg's end changes nothing more.
    expect((await legStatus(fake, rung, "completed")).status).toBe(204);
    expect((await legStatus(fake, rung, "no-answer")).status).toBe(204);
    await eventually(async () => heard.filter((e) => e.callId === callId).length >= 2);
    expect(heard.filter((e) => e.callId === callId)).toMatchObject([
      { action: "consult", result: "done", targetName: "Bob" },
      { agentId: ana.id, action: "consult", result: "not-answered", targetName: "Bob" },
    ]);
    // A new consultation of Bob may ring him again.
    expect((await ask({ action: "consult", target: { kind: "agent", agentId: bob.id } })).ok).toBe(true);
  });

  it("a consultation Bob answers, then hangs up before Ana completes it: Bob free, the caller back with Ana", async () => {
    const { tenant, ana, bob, caller, callId, ask, fake } = await talkingTenant();
    expect((await ask({ action: "consult", target: { kind: "agent", agentId: bob.id } })).ok).toBe(true);
    const rung = rungAs(tenant, "consult");
    if (!rung) throw new Error("Bob was not rung into the conference");
    expect((await legStatus(fake, rung, "in-progress")).status).toBe(204);
    expect((await wiring.engine.agentStatus(tenant.tenantId, bob.id)).agentState).toBe("on-call");
    const before = ofAccount(tenant).length;
    expect((await legStatus(fake, rung, "completed")).status).toBe(204);
    expect((await wiring.engine.agentStatus(tenant.tenantId, bob.id)).agentState).toBe("available");
    await expectBackWithAna(tenant, { caller, callId, anaId: ana.id, since: before });
    // No consultation is left to go back from.
    expect((await ask({ action: "consult.return" })).ok).toBe(false);
  });

  it("a blind transfer Bob does not answer: Bob is available again, the caller waits in the queue, Ana told", async () => {
    const { tenant, ana, bob, callId, ask, fake, queueId } = await talkingTenant();
    expect((await ask({ action: "transfer", target: { kind: "agent", agentId: bob.id } })).ok).toBe(true);
    const rung = rungAs(tenant, `agent-${bob.id}`);
    if (!rung) throw new Error("Bob was not rung into the conference");
    expect(rung.problems).toEqual([]);
    expect((await legStatus(fake, rung, "busy")).status).toBe(204);
    expect((await wiring.engine.agentStatus(tenant.tenantId, bob.id)).agentState).toBe("available");
    // Ana left for the transfer: she is in wrap-up, and the caller is back in the queue, waiting.
    expect((await wiring.engine.agentStatus(tenant.tenantId, ana.id)).agentState).toBe("wrap-up");
    const found = await wiring.calls.get(tenant.tenantId, callId);
    expect(found?.call.queueId).toBe(queueId);
    expect(found?.progress.phase).toBe("waiting");
    expect(
      ofAccount(tenant).some(
        (r) => /\/Calls\/CA\w+\.json$/.test(r.url) && r.form.get("Url")?.includes("/twilio/queue-wait"),
      ),
    ).toBe(true);
    await eventually(async () => heard.some((e) => e.callId === callId && e.result === "not-answered"));
    expect(heard.filter((e) => e.callId === callId && e.result === "not-answered")).toMatchObject([
      { agentId: ana.id, action: "transfer", targetName: "Bob" },
    ]);
  });

  it("a blind transfer to a number nobody answers: the caller goes on in the flow, Ana told", async () => {
    const { tenant, ana, caller, callId, ask, fake } = await talkingTenant();
    const number = "+14155550177";
    expect((await ask({ action: "transfer", target: { kind: "number", number } })).ok).toBe(true);
    const rung = rungAs(tenant, "transfer");
    if (!rung) throw new Error("the number was not rung into the conference");
    expect(rung.form.get("To")).toBe(number);
    const before = ofAccount(tenant).length;
    expect((await legStatus(fake, rung, "failed")).status).toBe(204);
    // The caller's call asks the runtime again: its conversation ended, the flow goes on at "After agent".
    const redirects = ofAccount(tenant)
      .slice(before)
      .filter(
        (r) => r.url.endsWith(`/Calls/${caller}.json`) && r.form.get("Url")?.includes("/twilio/queue-wait"),
      );
    expect(redirects).toHaveLength(1);
    await eventually(async () => heard.some((e) => e.callId === callId && e.result === "not-answered"));
    expect(heard.filter((e) => e.callId === callId && e.result === "not-answered")).toMatchObject([
      { agentId: ana.id, action: "transfer", targetName: number },
    ]);
  });

  it.each(["signalwire", "telnyx"] as const)(
    "%s: a consultation of a number nobody answers brings the caller back, told in its signed dialect",
    async (prefix) => {
      const tenant = await seedTwilioTenant(db, flow);
      const { tenantId } = tenant;
      await listener.subscribe(`${keyPrefix}${realtimeChannel(tenantId)}`);
      const seeded =
        prefix === "signalwire"
          ? await seedSignalWire(db, tenantId, tenant.flowId)
          : await seedTelnyx(db, tenantId, tenant.flowId);
      const queue = await db.queue.create({ data: { tenantId, name: `sales-${randomUUID()}` } });
      const ana = await db.agent.create({
        data: {
          tenantId,
          displayName: "Ana",
          extension: String(Math.floor(Math.random() * 1e7)),
          endpoints: { create: [{ tenantId, kind: "PHONE", address: "+14155550166" }] },
          queues: { create: [{ tenantId, queueId: queue.id }] },
        },
      });
      const caller = `caller-${randomUUID()}`;
      const { callId } = await connectedQueueCall(db, wiring, {
        tenantId,
        queueId: queue.id,
        agentId: ana.id,
        provider: prefix === "signalwire" ? "SIGNALWIRE" : "TELNYX",
        providerCallId: caller,
        providerAccountId: seeded.providerAccountId,
        carrierAccountSid: randomUUID(),
        to: seeded.number,
        turn: 2,
        reaches: ["phone"],
        agentLeg: `agent-leg-${randomUUID()}`,
      });
      const ask = agentAsks(db, wiring, standIn.url, { tenantId, callId, agentId: ana.id });
      const before = carrierApi.requests.length;
      const target = { kind: "number" as const, number: "+14155550199" };
      expect((await ask({ action: "consult", target })).ok).toBe(true);
      const placed = carrierApi.requests
        .slice(before)
        .filter((r) => r.method === "POST" && /\/Calls(\.json)?$/.test(r.path))
        .map((r) =>
          r.contentType?.includes("json")
            ? (JSON.parse(r.body) as Record<string, string>)
            : Object.fromEntries(new URLSearchParams(r.body)),
        )
        // The runtime's own queue runner may ring Ana for the offer the fixture answers: not this leg.
        .filter((form) => form.To === target.number);
      expect(placed).toHaveLength(1);
      const statusCallback = placed[0]?.StatusCallback ?? "";
      expect(statusCallback).toMatch(new RegExp(`^${PUBLIC_URL}/${prefix}/control-leg\\?`));
      expect(placed[0]?.Timeout).toBeDefined();

      const fake = seeded.carrier(PUBLIC_URL, [runtime.url]);
      const sent = carrierApi.requests.length;
      const status = await fake.post(statusCallback, {
        AccountSid: fake.options.accountSid,
        ...fake.options.extraParams,
        CallSid: `consult-${randomUUID()}`,
        CallStatus: "no-answer",
      });
      expect(status.status).toBe(204);
      // The caller's participant is taken off hold, in the carrier's paths.
      const resumed = carrierApi.requests
        .slice(sent)
        .filter((r) => r.method === "POST" && decodeURIComponent(r.path).includes(`/Participants/${caller}`))
        .map((r) => new URLSearchParams(r.body).get("Hold"));
      expect(resumed).toEqual(["false"]);
      expect((await wiring.calls.get(tenantId, callId))?.progress.extraParty).toBeNull();
      await eventually(async () => heard.some((e) => e.callId === callId && e.result === "not-answered"));
      expect(heard.filter((e) => e.callId === callId && e.result === "not-answered")).toMatchObject([
        { agentId: ana.id, targetName: "+14155550199" },
      ]);
    },
  );
});
