import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { queueEventSchema, realtimeChannel, type QueueEvent } from "@ringflow/flow-schema";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createRedis } from "@ringflow/platform";
import { QueueEngine, syncTenant } from "@ringflow/queues";
import { FakeTwilio, type FakeCall } from "../../testing/fake-twilio.ts";
import { startLogWriter, startRuntime, type RuntimeInstance } from "../../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant, type SeededTenant } from "../../testing/seed.ts";
import { startTwilioRestStandIn, type RecordedRequest } from "../../testing/twilio-rest-stand-in.ts";

const PUBLIC_URL = "https://voice.queue.example";
// A prefix of its own: the runtime's queue runner rings every offer under its prefix through this file's
// stand-in for Twilio's REST API.
const keyPrefix = `${process.env.REDIS_KEY_PREFIX ?? ""}${randomUUID()}:`;
const db = createDb(testDatabaseUrl(), { max: 2 });
const engineRedis = createRedis(undefined, { keyPrefix });
const subscriber = createRedis(undefined, { keyPrefix });
const engine = new QueueEngine(engineRedis, Date.now);

let requests: RecordedRequest[] = [];
let rest: Awaited<ReturnType<typeof startTwilioRestStandIn>>;
let runtime: RuntimeInstance;
let writer: { close(): Promise<void> };

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

const flow = () =>
  buildFlow({
    nodes: {
      start: ["start"],
      queue: ["enqueue", { queue: "sales", announcePosition: true, offerCallback: true, maxWaitSeconds: 60 }],
      after: ["say", { text: { "en-US": "Thanks for talking to us." } }],
      sorry: ["say", { text: { "en-US": "Everyone is busy." } }],
      later: ["say", { text: { "en-US": "We will call you back." } }],
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "queue"],
      ["queue", "bridged", "after"],
      ["queue", "overflow", "sorry"],
      ["queue", "callback", "later"],
      ["after", "next", "bye"],
      ["sorry", "next", "bye"],
      ["later", "next", "bye"],
    ],
  });

beforeAll(async () => {
  rest = await startTwilioRestStandIn(({ url, form }) =>
    /\/Conferences\/[^/]+\/Participants\.json$/.test(url)
      ? {
          status: 201,
          body: {
            call_sid: sid("CA"),
            conference_sid: "CF0123456789abcdef0123456789abcdef",
            label: form.get("Label"),
          },
        }
      : { status: 200, body: { sid: url.split("/").pop()?.replace(".json", ""), status: "in-progress" } },
  );
  requests = rest.requests;
  const restUrl = rest.url;
  runtime = await startRuntime({
    publicUrl: PUBLIC_URL,
    twilioApiBaseUrl: restUrl,
    redisKeyPrefix: keyPrefix,
  });
  writer = await startLogWriter(db, keyPrefix);
});

afterAll(async () => {
  await writer.close();
  await runtime.close();
  await rest.close();
  await Promise.all([engineRedis.quit(), subscriber.quit()]);
  await db.$disconnect();
});

/** A tenant with the queue "sales" and agents on the Voice SDK, signed in and available (as the API does it). */
async function queueTenant(agents: string[], queue: { strategy?: "RING_ALL"; maxWaitSeconds?: number } = {}) {
  const tenant = await seedTwilioTenant(db, flow);
  const row = await db.queue.create({
    data: { tenantId: tenant.tenantId, name: "sales", wrapUpSeconds: 30, ringTimeoutSeconds: 15, ...queue },
  });
  const agentIds: string[] = [];
  for (const [i, name] of agents.entries()) {
    const agent = await db.agent.create({
      data: {
        tenantId: tenant.tenantId,
        displayName: name,
        extension: String(20 + i),
        endpoints: { create: [{ tenantId: tenant.tenantId, kind: "TWILIO_CLIENT", address: name }] },
        queues: { create: [{ tenantId: tenant.tenantId, queueId: row.id }] },
      },
    });
    agentIds.push(agent.id);
  }
  await syncTenant(db, engine, tenant.tenantId);
  for (const agentId of agentIds)
    await engine.setAgentState(tenant.tenantId, agentId, { state: "available" });
  const fake = new FakeTwilio({
    publicUrl: PUBLIC_URL,
    instances: [runtime.url],
    accountSid: tenant.accountSid,
    authToken: tenant.authToken,
  });
  return { tenant, queueId: row.id, agentIds, fake };
}

const ofAccount = (tenant: SeededTenant) =>
  requests.filter((r) => r.url.includes(`/Accounts/${tenant.accountSid}/`));
const participantsOf = (tenant: SeededTenant) =>
  ofAccount(tenant).filter((r) => r.url.endsWith("/Participants.json"));

/** Twilio reporting an agent's leg: the participant's status callback, signed like every webhook. */
function agentLeg(fake: FakeTwilio, ringing: RecordedRequest, status: string, callSid: string) {
  return fake.post(ringing.form.get("StatusCallback") as string, {
    AccountSid: fake.options.accountSid,
    CallSid: callSid,
    CallStatus: status,
    From: ringing.form.get("From") as string,
    To: ringing.form.get("To") as string,
  });
}

/** Twilio following a REST redirect of the caller's call (Calls update with Url). */
async function followRedirect(call: FakeCall, tenant: SeededTenant) {
  const redirect = await eventually(async () =>
    ofAccount(tenant).find((r) => r.url.endsWith(`/Calls/${call.callSid}.json`) && r.form.get("Url")),
  );
  requests.splice(requests.indexOf(redirect), 1);
  await call.request(redirect.form.get("Url") as string, {});
}

describe("the Enqueue block on the queue engine, delivered on Twilio", () => {
  it("walks a signed call into the queue; the agent answers, the call bridges in its conference, completes, wrap-up", async () => {
    const { tenant, queueId, agentIds, fake } = await queueTenant(["ana"]);
    const published: QueueEvent[] = [];
    subscriber.on("message", (_channel, message) => {
      const event = queueEventSchema.safeParse(JSON.parse(message));
      if (event.success && event.data.tenantId === tenant.tenantId) published.push(event.data);
    });
    await subscriber.subscribe(`${keyPrefix}${realtimeChannel(tenant.tenantId)}`);

    const call = await fake.call({ from: "+14155550142", to: tenant.number });
    expect(new URL(call.verb("Redirect").text).pathname).toBe("/twilio/queue-wait");
    await call.redirect();
    // Waiting: the position, the callback offer (press 1), hold music, then the loop again.
    expect(call.spoken()).toEqual([
      "You are number 1 in line.",
      "Press 1 to keep your place in line and be called back.",
    ]);
    expect(call.verb("Gather").attributes).toMatchObject({ numDigits: "1", input: "dtmf" });
    expect(call.verb("Redirect").text).toMatch(/\/twilio\/queue-wait\?turn=\d+$/);

    // The runner rings Ana's Voice SDK client into the call's conference.
    const [ringing] = await eventually(async () => {
      const found = participantsOf(tenant);
      return found.length ? found : null;
    });
    expect(ringing?.problems).toEqual([]);
    const row = await eventually(() =>
      db.call.findFirst({ where: { tenantId: tenant.tenantId, providerCallId: call.callSid } }),
    );
    expect(ringing?.url).toContain(`/Conferences/call-${row.id}/Participants.json`);
    expect(Object.fromEntries(ringing!.form)).toMatchObject({
      // Ana's desktop knows which call the leg is for from its custom parameter.
      To: `client:ana?callId=${row.id}`,
      From: "+14155550142",
      Label: `agent-${agentIds[0]}`,
      StartConferenceOnEnter: "true",
      EndConferenceOnExit: "true",
      Timeout: expect.stringMatching(/^1[0-5]$/),
    });
    expect(ringing!.form.getAll("StatusCallbackEvent")).toEqual([
      "initiated",
      "ringing",
      "answered",
      "completed",
    ]);

    // Ana answers: the caller is redirected into the conference.
    const agentCall = sid("CA");
    expect((await agentLeg(fake, ringing!, "in-progress", agentCall)).status).toBe(204);
    await followRedirect(call, tenant);
    const conference = call.verb("Dial").children[0];
    expect(conference).toMatchObject({
      name: "Conference",
      text: `call-${row.id}`,
      attributes: {
        participantLabel: "caller",
        startConferenceOnEnter: "true",
        endConferenceOnExit: "false",
      },
    });
    expect((await engine.events(tenant.tenantId)).map((e) => e.event.type)).toContain("queue.answered");

    // Ana hangs up: the conference ends, the caller's <Dial> returns and goes on at "After agent".
    await agentLeg(fake, ringing!, "completed", agentCall);
    await call.dialEnds("completed", 42);
    expect(call.spoken()).toEqual(["Thanks for talking to us."]);
    expect(call.has("Hangup")).toBe(true);
    await call.statusCallback("completed", 50);

    const states = (await engine.events(tenant.tenantId))
      .map(({ event }) => event)
      .filter((event) => event.type === "agent.state-changed")
      .map((event) => event.type === "agent.state-changed" && event.state);
    expect(states.slice(-3)).toEqual(["ringing", "on-call", "wrap-up"]);
    const stored = await eventually(async () => {
      const found = await db.call.findFirst({ where: { id: row.id, tenantId: tenant.tenantId } });
      return found?.queueOutcome === "answered" && found.endedAt ? found : null;
    });
    expect(stored).toMatchObject({ queueId, agentId: agentIds[0], outcome: expect.any(String) });
    expect(stored.agentAnsweredAt?.getTime()).toBeGreaterThanOrEqual(stored.queuedAt?.getTime() ?? Infinity);
    await eventually(async () =>
      published.some((e) => e.type === "agent.state-changed" && e.state === "wrap-up"),
    );
    expect(published.map((e) => e.type)).toEqual(
      expect.arrayContaining(["queue.entered", "queue.offered", "queue.answered"]),
    );
    for (const request of ofAccount(tenant)) expect(request.problems, request.url).toEqual([]);
  });

  it("rings everyone under ring-all and hangs up the agents who lost", async () => {
    const { tenant, agentIds, fake } = await queueTenant(["bea", "cy"], { strategy: "RING_ALL" });
    const call = await fake.call({ from: "+14155550143", to: tenant.number });
    await call.redirect();
    const legs = await eventually(async () => {
      const found = participantsOf(tenant);
      return found.length === 2 ? found : null;
    });
    const row = await db.call.findFirstOrThrow({ where: { tenantId: tenant.tenantId, providerCallId: call.callSid } });
    expect(legs.map((leg) => leg.form.get("To")).sort()).toEqual([
      `client:bea?callId=${row.id}`,
      `client:cy?callId=${row.id}`,
    ]);
    const winner = legs.find((leg) => leg.form.get("Label") === `agent-${agentIds[1]}`)!;
    await agentLeg(fake, winner, "in-progress", sid("CA"));
    await followRedirect(call, tenant);
    expect(call.verb("Dial").children[0]?.name).toBe("Conference");
    // The loser's leg (its call sid came back from the participant create) is ended.
    const hungUp = await eventually(async () =>
      ofAccount(tenant).find((r) => r.form.get("Status") === "completed"),
    );
    expect(hungUp.url).toMatch(/\/Calls\/CA[0-9a-f]{32}\.json$/);
    expect(hungUp.problems).toEqual([]);
  });

  it("keeps the place of a caller who presses 1 and goes on at Callback requested", async () => {
    const { tenant, agentIds, fake } = await queueTenant(["dee"]);
    await engine.setAgentState(tenant.tenantId, agentIds[0]!, { state: "away", reason: "Lunch" });
    const call = await fake.call({ from: "+14155550144", to: tenant.number });
    await call.redirect();
    expect(call.spoken()[0]).toBe("You are number 1 in line.");
    // Pressing 1 reads the caller's number back; 1 again books it.
    await call.press("1");
    expect(call.spoken()).toEqual([
      "We will call you back at 4 1 5, 5 5 5, 0 1 4 4. Press 1 to confirm, or 2 to enter another number.",
    ]);
    expect(call.verb("Gather").attributes).toMatchObject({ numDigits: "1", input: "dtmf" });
    await call.press("1");
    expect(call.spoken()).toEqual(["We will call you back."]);
    await call.statusCallback("completed");
    // Dee comes back: the callback is offered, and once she answers the caller's number is rung to her.
    await engine.setAgentState(tenant.tenantId, agentIds[0]!, { state: "available" });
    const ringing = await eventually(async () => participantsOf(tenant)[0]);
    const row = await db.call.findFirstOrThrow({ where: { tenantId: tenant.tenantId, providerCallId: call.callSid } });
    expect(ringing.form.get("To")).toBe(`client:dee?callId=${row.id}`);
    await agentLeg(fake, ringing, "in-progress", sid("CA"));
    const callee = await eventually(async () =>
      participantsOf(tenant).find((r) => r.form.get("To") === "+14155550144"),
    );
    expect(Object.fromEntries(callee.form)).toMatchObject({ From: tenant.number, Label: "caller" });
    expect(callee.problems).toEqual([]);
  });

  it("calls back on another number the caller types, once it is one the workspace may call", async () => {
    const { tenant, agentIds, fake } = await queueTenant(["fay"]);
    await engine.setAgentState(tenant.tenantId, agentIds[0]!, { state: "away", reason: "Lunch" });
    const call = await fake.call({ from: "+14155550146", to: tenant.number });
    await call.redirect();
    await call.press("1");
    expect(call.spoken()[0]).toMatch(/^We will call you back at 4 1 5, 5 5 5, 0 1 4 6\./);
    await call.press("2");
    expect(call.spoken()).toEqual(["Enter the number to call you back on, then press the pound key."]);
    expect(call.verb("Gather").attributes).toMatchObject({ finishOnKey: "#", input: "dtmf" });
    // A number in a country the workspace does not call, then no number at all: asked again, nothing booked.
    await call.press("442071838750");
    expect(call.spoken()).toEqual([
      "Sorry, we cannot call that number back.",
      "Enter the number to call you back on, then press the pound key.",
    ]);
    await call.press("5550000");
    expect(call.spoken()[0]).toBe("Sorry, we cannot call that number back.");
    expect((await engine.events(tenant.tenantId)).map((e) => e.event.type)).not.toContain(
      "queue.callback-requested",
    );
    // A number of the called number's country, typed without its code: read back, then confirmed.
    await call.press("6505550147");
    expect(call.spoken()).toEqual([
      "We will call you back at 6 5 0, 5 5 5, 0 1 4 7. Press 1 to confirm, or 2 to enter another number.",
    ]);
    await call.press("1");
    expect(call.spoken()).toEqual(["We will call you back."]);
    // The call keeps the number confirmed (the desktop's history says it).
    await eventually(() =>
      db.call.findFirst({
        where: { tenantId: tenant.tenantId, providerCallId: call.callSid, callbackNumber: "+16505550147" },
      }),
    );
    await call.statusCallback("completed");
    await engine.setAgentState(tenant.tenantId, agentIds[0]!, { state: "available" });
    const ringing = await eventually(async () => participantsOf(tenant)[0]);
    await agentLeg(fake, ringing, "in-progress", sid("CA"));
    const callee = await eventually(async () =>
      participantsOf(tenant).find((r) => r.form.get("Label") === "caller"),
    );
    expect(callee.form.get("To")).toBe("+16505550147");
    expect(callee.problems).toEqual([]);
  });

  it("sends a caller nobody takes through Overflow when the queue's maximum wait passes", async () => {
    const { tenant, agentIds, fake } = await queueTenant(["eli"], { maxWaitSeconds: 1 });
    await engine.setAgentState(tenant.tenantId, agentIds[0]!, { state: "offline" });
    const call = await fake.call({ from: "+14155550145", to: tenant.number });
    await call.redirect();
    await followRedirect(call, tenant);
    expect(call.spoken()).toEqual(["Everyone is busy."]);
  });
});
