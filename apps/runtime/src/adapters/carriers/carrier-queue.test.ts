import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createRedis } from "@ringflow/platform";
import {
  startFakeCarrier,
  type CarrierAnswer,
  type RecordedRequest,
} from "@ringflow/platform/testing/fake-carrier";
import { QueueEngine, syncTenant } from "@ringflow/queues";
import { seedSignalWire, seedTelnyx } from "../../testing/carrier-fixture.ts";
import type { FakeCall, FakeTwilio } from "../../testing/fake-twilio.ts";
import { startLogWriter, startRuntime, type RuntimeInstance } from "../../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant } from "../../testing/seed.ts";

const PUBLIC_URL = "https://voice.carrier-queue.example";
// A prefix of its own: this file's runtime rings every offer under it through this file's fake carriers.
const keyPrefix = `${process.env.REDIS_KEY_PREFIX ?? ""}${randomUUID()}:`;
const db = createDb(testDatabaseUrl(), { max: 2 });
const engineRedis = createRedis(undefined, { keyPrefix });
const engine = new QueueEngine(engineRedis, Date.now);

/** SignalWire's LaML and Telnyx's TeXML REST APIs as documented: a placed call's id, the conference by name. */
function carrierAnswer(request: RecordedRequest): CarrierAnswer {
  const path = request.path.split("?")[0] ?? "";
  if (request.method === "POST" && /\/Calls(\.json)?$/.test(path))
    return path.includes("/api/laml/")
      ? { status: 201, body: { sid: `sw-leg-${randomUUID()}`, status: "queued" } }
      : { status: 200, body: { call_sid: `v3:leg-${randomUUID()}`, status: "queued" } };
  if (request.method === "GET" && /\/Conferences(\.json)?$/.test(path))
    return { status: 200, body: { conferences: [{ sid: "conference-sid-1", status: "in-progress" }] } };
  return { status: 200, body: {} };
}

let carrierApi: Awaited<ReturnType<typeof startFakeCarrier>>;
let runtime: RuntimeInstance;
let writer: { close(): Promise<void> };

const flow = () =>
  buildFlow({
    nodes: {
      start: ["start"],
      queue: ["enqueue", { queue: "sales", announcePosition: true, maxWaitSeconds: 60 }],
      after: ["say", { text: { "en-US": "Thanks for talking to us." } }],
      sorry: ["say", { text: { "en-US": "Everyone is busy." } }],
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "queue"],
      ["queue", "bridged", "after"],
      ["queue", "overflow", "sorry"],
      ["queue", "callback", "sorry"],
      ["after", "next", "bye"],
      ["sorry", "next", "bye"],
    ],
  });

beforeAll(async () => {
  carrierApi = await startFakeCarrier(carrierAnswer);
  runtime = await startRuntime({
    publicUrl: PUBLIC_URL,
    signalWireApiBaseUrl: carrierApi.url,
    telnyxApiBaseUrl: carrierApi.url,
    redisKeyPrefix: keyPrefix,
  });
  writer = await startLogWriter(db, keyPrefix);
});

afterAll(async () => {
  await writer.close();
  await runtime.close();
  await carrierApi.close();
  await engineRedis.quit();
  await db.$disconnect();
});

/** A tenant with the queue "sales", one available agent reached on their phone, and a number on `carrier`. */
async function carrierQueue(carrier: "signalwire" | "telnyx", agentPhone: string) {
  const tenant = await seedTwilioTenant(db, flow);
  const queue = await db.queue.create({
    data: { tenantId: tenant.tenantId, name: "sales", wrapUpSeconds: 30, ringTimeoutSeconds: 15 },
  });
  const agent = await db.agent.create({
    data: {
      tenantId: tenant.tenantId,
      displayName: "Ana",
      extension: "21",
      endpoints: { create: [{ tenantId: tenant.tenantId, kind: "PHONE", address: agentPhone }] },
      queues: { create: [{ tenantId: tenant.tenantId, queueId: queue.id }] },
    },
  });
  await syncTenant(db, engine, tenant.tenantId);
  await engine.setAgentState(tenant.tenantId, agent.id, { state: "available" });
  const seeded =
    carrier === "signalwire"
      ? await seedSignalWire(db, tenant.tenantId, tenant.flowId)
      : await seedTelnyx(db, tenant.tenantId, tenant.flowId);
  const fake = seeded.carrier(PUBLIC_URL, [runtime.url]);
  return { tenant, queueId: queue.id, agentId: agent.id, seeded, fake };
}

/** The carrier posting a webhook of another leg than the caller's (the agent's), with its account's fields. */
const legWebhook = (fake: FakeTwilio, url: string, fields: Record<string, string>) =>
  fake.post(url, { AccountSid: fake.options.accountSid, ...fake.options.extraParams, ...fields });

const form = (request: RecordedRequest) =>
  request.contentType?.startsWith("application/json")
    ? (JSON.parse(request.body) as Record<string, string>)
    : Object.fromEntries(new URLSearchParams(request.body));

/** Walks a call on `carrier` into the queue; the agent's phone answers, talks, hangs up; the caller goes on. */
async function answeredThroughQueue(carrier: "signalwire" | "telnyx", base: (fake: FakeTwilio) => string) {
  const agentPhone = `+1415555${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const { tenant, queueId, agentId, seeded, fake } = await carrierQueue(carrier, agentPhone);
  const call: FakeCall = await fake.call({ from: "+14155550142", to: seeded.number });
  expect(new URL(call.verb("Redirect").text).pathname).toBe(`/${carrier}/queue-wait`);
  await call.redirect();
  expect(call.spoken()).toEqual(["You are number 1 in line."]);

  // The agent's phone is rung as a call of its own, whose answer joins the caller's conference.
  const ring = await eventually(async () =>
    carrierApi.requests.find((r) => r.method === "POST" && form(r).To === agentPhone),
  );
  expect(ring.path.split("?")[0]).toBe(`${base(fake)}/Calls${carrier === "signalwire" ? ".json" : ""}`);
  const placed = form(ring);
  const row = await eventually(() =>
    db.call.findFirst({ where: { tenantId: tenant.tenantId, providerCallId: call.callSid } }),
  );
  expect(placed).toMatchObject({ From: seeded.number, StatusCallbackMethod: "POST" });
  const join = new URL(placed.Url as string);
  expect(join.pathname).toBe(`/${carrier}/queue-join`);
  expect(join.searchParams.get("conference")).toBe(`call-${row.id}`);
  const legStatus = placed.StatusCallback as string;
  expect(new URL(legStatus).pathname).toBe(`/${carrier}/queue-leg`);

  // The agent's leg answers: it joins the conference, and the caller is redirected into it.
  const agentLeg = `leg-${randomUUID()}`;
  const joined = await legWebhook(fake, placed.Url as string, {
    CallSid: agentLeg,
    CallStatus: "in-progress",
  });
  expect(joined.body).toContain(`>call-${row.id}</Conference>`);
  expect(joined.body).toContain(`participantLabel="agent-${agentId}"`);
  const answered = await legWebhook(fake, legStatus, {
    CallSid: agentLeg,
    CallStatus: "in-progress",
    From: seeded.number,
    To: agentPhone,
  });
  expect(answered.status).toBe(204);
  const redirect = await eventually(async () =>
    carrierApi.requests.find(
      (r) => r.path.startsWith(`${base(fake)}/Calls/${encodeURIComponent(call.callSid)}`) && form(r).Url,
    ),
  );
  expect(form(redirect)).toMatchObject({ Method: "POST" });
  await call.request(form(redirect).Url as string, {});
  expect(call.verb("Dial").children[0]).toMatchObject({ name: "Conference", text: `call-${row.id}` });

  // The agent hangs up: the conference ends, the caller's <Dial> returns and goes on at "After agent".
  await legWebhook(fake, legStatus, {
    CallSid: agentLeg,
    CallStatus: "completed",
    From: seeded.number,
    To: agentPhone,
  });
  await call.dialEnds("completed", 42);
  expect(call.spoken()).toEqual(["Thanks for talking to us."]);
  await call.statusCallback("completed", 50);
  const stored = await eventually(async () => {
    const found = await db.call.findFirst({ where: { id: row.id, tenantId: tenant.tenantId } });
    return found?.queueOutcome === "answered" && found.endedAt ? found : null;
  });
  expect(stored).toMatchObject({ queueId, agentId, provider: carrier.toUpperCase() });
  return { ring, redirect, fake, row, tenant };
}

describe("SignalWire and Telnyx calls through the same queues, delivered by each carrier's REST API", () => {
  it("SignalWire: the caller waits, the agent's phone is rung through LaML, answers, the call bridges and goes on", async () => {
    const { ring, redirect } = await answeredThroughQueue(
      "signalwire",
      (fake) => `/api/laml/2010-04-01/Accounts/${fake.options.accountSid}`,
    );
    for (const request of [ring, redirect]) {
      expect(request.authorization).toMatch(/^Basic /);
      expect(request.contentType).toContain("application/x-www-form-urlencoded");
    }
    expect(new URLSearchParams(ring.body).getAll("StatusCallbackEvent")).toEqual([
      "initiated",
      "ringing",
      "answered",
      "completed",
    ]);
  });

  it("Telnyx: the same through TeXML, in the path of the account its webhooks name, on the TeXML application", async () => {
    const { ring, redirect, fake } = await answeredThroughQueue(
      "telnyx",
      (fake) => `/texml/Accounts/${fake.options.accountSid}`,
    );
    for (const request of [ring, redirect]) expect(request.authorization).toMatch(/^Bearer KEY/);
    expect(ring.contentType).toContain("application/json");
    expect(JSON.parse(ring.body)).toMatchObject({
      ApplicationSid: fake.options.extraParams?.ConnectionId,
      StatusCallbackEvent: "initiated ringing answered completed",
    });
    expect(redirect.contentType).toContain("application/x-www-form-urlencoded");
  });

  it("a leg of another workspace's account cannot join a call's conference", async () => {
    const { row } = await answeredThroughQueue(
      "telnyx",
      (fake) => `/texml/Accounts/${fake.options.accountSid}`,
    );
    const other = await seedTwilioTenant(db, flow);
    const intruder = (await seedTelnyx(db, other.tenantId, other.flowId)).carrier(PUBLIC_URL, [runtime.url]);
    const answer = await legWebhook(
      intruder,
      `${PUBLIC_URL}/telnyx/queue-join?conference=call-${row.id}&label=agent-x&start=1&end=1`,
      { CallSid: `leg-${randomUUID()}`, CallStatus: "in-progress" },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).not.toContain("Conference");
    expect(answer.body).toContain("<Hangup/>");
  });
});
