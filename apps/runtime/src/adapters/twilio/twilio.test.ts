import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "bullmq";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { RedisCallStore } from "../../calls/call-store.ts";
import { startTwilioRestWorker } from "../../jobs/twilio-rest.worker.ts";
import { FakeTwilio, type FakeCall } from "../../testing/fake-twilio.ts";
import { twilioRequestProblems } from "../../testing/twilio-oai.ts";
import { everyNodeIvr, surveySubflow } from "../../testing/ivr-fixture.ts";
import { startLogWriter, startRuntime, type RuntimeInstance } from "../../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant, type SeededTenant } from "../../testing/seed.ts";

const PUBLIC_URL = "https://voice.ringflow.example";
const db = createDb(testDatabaseUrl(), { max: 4 });
const queueConfig = {
  redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  keyPrefix: process.env.REDIS_KEY_PREFIX ?? "",
};

let service: Server;
let serviceUrl: string;
/** Requests the fake Twilio REST API received (stop-recording). */
const restRequests: { method: string; url: string; body: string }[] = [];
let rest: Server;
let instances: RuntimeInstance[];
let workers: (Worker | { close(): Promise<void> })[];
let tenant: SeededTenant;
let twilio: FakeTwilio;

const keyOf = (callSid: string) => ({ account: tenant.providerAccountId, id: callSid });

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}

beforeAll(async () => {
  service = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/customer")
      return reply(200, { tier: "gold", phone: url.searchParams.get("phone"), accessToken: "tok-live-999" });
    if (url.pathname === "/slow")
      return void setTimeout(() => reply(200, { tier: "platinum", sessionSecret: "tok-live-999" }), 2500);
    reply(404, { error: "not found" });
  });
  serviceUrl = await listen(service);
  rest = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      restRequests.push({ method: req.method ?? "", url: req.url ?? "", body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ sid: "RE123", status: "stopped" }));
    });
  });
  const restUrl = await listen(rest);
  const config = {
    publicUrl: PUBLIC_URL,
    httpAllowHosts: ["127.0.0.1"],
    inlineHttpMs: 1000,
    httpPollMs: 500,
  };
  // Two runtime "processes" behind one public URL: the fake Twilio sends each request to the next one.
  instances = [await startRuntime(config), await startRuntime(config)];
  workers = [
    await startLogWriter(db),
    startTwilioRestWorker(db, { ...queueConfig, twilioApiBaseUrl: restUrl }),
  ];
  tenant = await seedTwilioTenant(
    db,
    (ids) => everyNodeIvr({ serviceUrl, surveyFlowId: ids.survey as string }),
    { survey: surveySubflow() },
  );
  twilio = new FakeTwilio({
    publicUrl: PUBLIC_URL,
    instances: instances.map((i) => i.url),
    accountSid: tenant.accountSid,
    authToken: tenant.authToken,
  });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await Promise.all(instances.map((i) => i.close()));
  service.close();
  rest.close();
  await db.$disconnect();
});

const CALLER = "+14155550111";

/** Dials in and goes through language, consent and the lookup to the main menu. */
async function toMenu(fromState = "CA"): Promise<FakeCall> {
  const call = await twilio.call({ from: CALLER, to: tenant.number, fromState });
  expect(call.spoken()[0]).toBe("Welcome to Acme.");
  expect(call.verb("Play").text).toBe("https://cdn.example.test/jingle.mp3");
  expect(call.spoken()).toContain("For English, press 1. Para español, oprima 2.");
  await call.press("1");
  expect(call.spoken()).toEqual(["This call may be recorded. Press 1 to agree."]);
  await call.press("1");
  const recording = call.verb("Start").children[0];
  expect(recording?.name).toBe("Recording");
  expect(recording?.attributes.channels).toBe("dual");
  expect(call.verb("Gather").attributes).toMatchObject({ input: "dtmf speech", language: "en-US" });
  return call;
}

/** The Call row `calls.startOutbound` creates before asking Twilio to place the call. */
const placedByApi = (callSid: string) =>
  db.call.create({
    data: {
      tenantId: tenant.tenantId,
      provider: "TWILIO",
      providerCallId: callSid,
      providerAccountId: tenant.providerAccountId,
      flowId: tenant.flowId,
      flowVersionId: tenant.versionId,
      direction: "OUTBOUND",
      fromNumber: tenant.number,
      toNumber: CALLER,
      status: "QUEUED",
    },
  });

const callRow = (callSid: string) =>
  db.call.findFirst({ where: { tenantId: tenant.tenantId, provider: "TWILIO", providerCallId: callSid } });

/** The Call row once its summary and final status are written. */
const finished = (callSid: string, status = "COMPLETED") =>
  eventually(async () => {
    const row = await callRow(callSid);
    return row?.status === status && row.outcome ? row : null;
  });

describe("Twilio webhooks against the real runtime", () => {
  it("runs the account branch: language, variables, hours, consent, recording, lookup, menu, collect, split, stop recording, hangup", async () => {
    const call = await toMenu();
    const gather = call.verb("Gather");
    expect(gather.attributes.action).toMatch(new RegExp(`^${PUBLIC_URL}/twilio/gather\\?turn=\\d+$`));
    expect(call.verb("Redirect").text).toContain("noInput=1");
    await call.press("1");
    expect(call.verb("Gather").attributes).toMatchObject({ finishOnKey: "#" });
    await call.press("1234");
    expect(call.verbs.map((v) => v.name)).toEqual(["Hangup"]);
    await call.statusCallback("completed", 42);

    const row = await finished(call.callSid);
    expect(row).toMatchObject({
      direction: "INBOUND",
      fromNumber: CALLER,
      outcome: "hangup",
      durationSeconds: 42,
    });
    expect(row.flowVersionId).toBe(tenant.versionId);
    expect(row.path).toEqual([
      "start",
      "welcome",
      "jingle",
      "lang",
      "remember",
      "hours",
      "consent",
      "record",
      "lookup",
      "menu",
      "account",
      "vip",
      "stop",
      "bye",
    ]);
    expect(row.variables).toMatchObject({ caller: CALLER, tier: "gold", accountNumber: "1234" });

    const events = await eventually(async () => {
      const rows = await db.callEvent.findMany({
        where: { tenantId: tenant.tenantId, callId: row.id },
        orderBy: { seq: "asc" },
      });
      // The log writers (any process's) may still be writing earlier rows when the last one lands: wait for
      // every row up to it; a row that never comes still fails the check below.
      const whole = rows.every((e, i) => e.seq === i);
      return rows.some((e) => e.type === "call.status") && whole ? rows : null;
    }).catch(async () =>
      db.callEvent.findMany({
        where: { tenantId: tenant.tenantId, callId: row.id },
        orderBy: { seq: "asc" },
      }),
    );
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    const request = events.find((e) => e.type === "http.request");
    expect(request?.nodeId).toBe("lookup");
    expect(request?.data).toMatchObject({ method: "GET", headers: { Authorization: "[masked]" } });
    expect(String((request?.data as { url: string }).url)).toContain("api_key=%5Bmasked%5D");
    expect(events.find((e) => e.type === "http.response")?.data).toMatchObject({
      status: 200,
      body: { tier: "gold" },
    });
    // Secrets sent or received never reach the log.
    const leaked = JSON.stringify(events.map((e) => e.data)).match(
      /.{80}(secret-token-123|tok-live-999|k-123).{40}/g,
    );
    expect(leaked).toBeNull();
    expect(
      events.filter((e) => e.type === "input").map((e) => (e.data as { digits?: string }).digits),
    ).toEqual(["1", "1", "1", "1234"]);

    const consent = await db.consentRecord.findFirst({
      where: { tenantId: tenant.tenantId, callId: row.id },
    });
    expect(consent).toMatchObject({
      nodeId: "consent",
      required: true,
      granted: true,
      method: "dtmf",
      callerState: "CA",
      digits: "1",
      announcementText: "This call may be recorded. Press 1 to agree.",
    });
    await eventually(async () =>
      restRequests.find((r) => r.url.includes(`/Calls/${call.callSid}/Recordings/Twilio.CURRENT.json`)),
    );
    const stop = restRequests.find((r) => r.url.includes(call.callSid));
    expect(stop?.body).toContain("Status=stopped");
    // The request is the one Twilio's own API description defines.
    expect(twilioRequestProblems(stop?.method ?? "", stop?.url ?? "", stop?.body ?? "")).toEqual([]);
  });

  it("transfers on speech, falls back to voicemail when busy, and stores the message", async () => {
    const call = await toMenu();
    await call.speak("an agent please");
    const dial = call.verb("Dial");
    expect(dial.attributes).toMatchObject({ timeout: "20" });
    expect(dial.children[0]).toMatchObject({ name: "Number", text: "+14155550123" });
    await call.dialEnds("busy");
    expect(call.spoken()).toEqual(["Leave a message after the beep."]);
    expect(call.verb("Record").attributes).toMatchObject({ playBeep: "true" });
    await call.recorded("RE0000000000000000000000000000abcd", 12);
    expect(call.has("Hangup")).toBe(true);
    await call.statusCallback("completed", 60);
    const row = await finished(call.callSid);
    expect(row.outcome).toBe("voicemail");
    expect(row.path).toEqual(expect.arrayContaining(["menu", "transfer", "message", "bye"]));
    const recording = await eventually(() =>
      db.recording.findFirst({ where: { tenantId: tenant.tenantId, callId: row.id, kind: "voicemail" } }),
    );
    expect(recording).toMatchObject({
      mailbox: "sales",
      durationSeconds: 12,
      providerRecordingId: "RE0000000000000000000000000000abcd",
      // The language the message was left in, which transcription asks for; the call's too.
      language: "en-US",
    });
    expect(row.language).toBe("en-US");
  });

  it("sends a caller to Overflow when the tenant has no queue of the Enqueue block's name, and takes an empty voicemail", async () => {
    const call = await toMenu();
    await call.press("3");
    expect(new URL(call.verb("Redirect").text).pathname).toBe("/twilio/queue-wait");
    await call.redirect();
    expect(call.has("Record")).toBe(true);
    await call.silence();
    expect(call.has("Hangup")).toBe(true);
    await call.statusCallback("completed");
    const row = await finished(call.callSid);
    expect(row.path).toEqual(expect.arrayContaining(["queue", "message", "bye"]));
  });

  it("runs the survey subflow and brings its variable back", async () => {
    const call = await toMenu();
    await call.press("5");
    expect(call.spoken()).toEqual(["Rate us from 1 to 5."]);
    await call.press("4");
    expect(call.spoken()).toEqual(["Thanks for rating us 4."]);
    expect(call.has("Hangup")).toBe(true);
    await call.statusCallback("completed");
    const row = await finished(call.callSid);
    expect(row.variables).toMatchObject({ score: "4" });
    expect(row.path).toEqual(expect.arrayContaining(["survey", "start", "ask", "thanks", "bye"]));
  });

  it("keeps a caller on hold music while a slow service answers, then goes on", async () => {
    const call = await toMenu();
    await call.press("6");
    expect(call.has("Play")).toBe(true);
    expect(call.verb("Redirect").text).toMatch(/\/twilio\/http-wait\?turn=\d+$/);
    const polls = await call.holdUntilAnswered();
    expect(polls).toBeGreaterThan(0);
    expect(call.has("Hangup")).toBe(true);
    await call.statusCallback("completed");
    const row = await finished(call.callSid);
    expect(row.variables).toMatchObject({ tier: "platinum" });
    const events = await eventually(async () => {
      const rows = await db.callEvent.findMany({ where: { tenantId: tenant.tenantId, callId: row.id } });
      return rows.some((e) => e.type === "http.response" && e.nodeId === "slow") ? rows : null;
    });
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain("tok-live-999");
    expect(events.find((e) => e.type === "http.response" && e.nodeId === "slow")?.data).toMatchObject({
      status: 200,
      body: { tier: "platinum", sessionSecret: "[masked]" },
    });
  });

  it("goes on by the error port when a slow service passes the node's timeout, the caller on hold meanwhile", async () => {
    const call = await toMenu();
    await call.press("7");
    expect(call.verb("Redirect").text).toContain("/twilio/http-wait");
    expect(await call.holdUntilAnswered()).toBeGreaterThan(0);
    expect(call.spoken()).toEqual(["Our systems are slow today. Goodbye."]);
    expect(call.has("Hangup")).toBe(true);
    await call.statusCallback("completed");
    const row = await finished(call.callSid);
    expect(row.path).toEqual(expect.arrayContaining(["tooSlow", "timedOut", "bye"]));
    const error = await eventually(() =>
      db.callEvent.findFirst({ where: { tenantId: tenant.tenantId, callId: row.id, type: "http.error" } }),
    );
    expect(error.data).toMatchObject({ timedOut: true });
  });

  it("answers a replayed webhook with the same TwiML and runs nothing twice", async () => {
    const call = await toMenu();
    const url = call.verb("Gather").attributes.action as string;
    const params = { ...call.params, CallStatus: "in-progress", Digits: "1" };
    const [first, second] = await Promise.all([twilio.post(url, params), twilio.post(url, params)]);
    const third = await twilio.post(url, params);
    expect(first.status).toBe(200);
    expect(second.body).toBe(first.body);
    expect(third.body).toBe(first.body);
    const store = new RedisCallStore(instances[0]!.redis);
    const { record } = await store.load(keyOf(call.callSid));
    await call.request(url, { Digits: "1" });
    expect((await store.load(keyOf(call.callSid))).record?.rev).toBe(record?.rev);
    await call.press("5678");
    await call.statusCallback("completed");
    const row = await finished(call.callSid);
    expect((row.path as string[]).filter((id) => id === "account")).toHaveLength(1);
    const entered = await db.callEvent.count({
      where: { tenantId: tenant.tenantId, callId: row.id, type: "enter", nodeId: "account" },
    });
    expect(entered).toBe(1);
  });

  it("rejects forged or missing signatures with 403 and changes nothing", async () => {
    const call = await toMenu();
    const store = new RedisCallStore(instances[0]!.redis);
    const before = (await store.load(keyOf(call.callSid))).record;
    const url = call.verb("Gather").attributes.action as string;
    const params = { ...call.params, CallStatus: "in-progress", Digits: "9" };
    expect((await twilio.post(url, params, null)).status).toBe(403);
    expect((await twilio.post(url, params, "bm90IGEgc2lnbmF0dXJl")).status).toBe(403);
    // Signed for other parameters (a tampered body).
    const tampered = new FakeTwilio({ ...twilio.options });
    const signedFor = { ...params, Digits: "1" };
    const { signRequest } = await import("./signature.ts");
    expect((await tampered.post(url, params, signRequest(tenant.authToken, url, signedFor))).status).toBe(
      403,
    );
    // Signed with another account's token.
    expect((await twilio.post(url, params, signRequest("0".repeat(32), url, params))).status).toBe(403);
    expect((await store.load(keyOf(call.callSid))).record?.rev).toBe(before?.rev);

    const forgedSid = "CA" + "f".repeat(32);
    const voice = { ...call.params, CallSid: forgedSid, CallStatus: "ringing" };
    expect((await twilio.post(twilio.url("/twilio/voice"), voice, "forged")).status).toBe(403);
    expect((await store.load(keyOf(forgedSid))).record).toBeNull();
    expect(await callRow(forgedSid)).toBeNull();
    // The real call goes on untouched.
    await call.press("9");
    expect(call.has("Hangup")).toBe(true);
  });

  it("ignores status callbacks that arrive late or out of order", async () => {
    const call = await toMenu();
    await call.press("9");
    await call.statusCallback("completed", 33);
    await call.statusCallback("in-progress");
    await call.statusCallback("ringing");
    const row = await finished(call.callSid);
    expect(row.durationSeconds).toBe(33);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await callRow(call.callSid))?.status).toBe("COMPLETED");
  });

  it("ends the flow when the caller hangs up mid-menu", async () => {
    const call = await toMenu();
    await call.statusCallback("completed", 9);
    const row = await finished(call.callSid);
    expect(row.outcome).toBe("caller-hangup");
    expect(row.durationSeconds).toBe(9);
    const { record } = await new RedisCallStore(instances[1]!.redis).load(keyOf(call.callSid));
    expect(record?.ended).toBe(true);
  });

  it("switches the call to Spanish and declines consent: no recording starts", async () => {
    const call = await twilio.call({ from: CALLER, to: tenant.number, fromState: "TX" });
    await call.press("2");
    expect(call.verb("Gather").attributes.language).toBe("es-MX");
    expect(call.spoken()).toEqual(["Esta llamada puede ser grabada. Oprima 1."]);
    await call.press("7");
    expect(call.has("Start")).toBe(false);
    expect(call.verb("Gather").attributes.language).toBe("es-MX");
    await call.press("9");
    await call.statusCallback("completed");
    const row = await finished(call.callSid);
    expect(row.path).toEqual(expect.arrayContaining(["consent", "lookup", "menu", "bye"]));
    expect(row.path).not.toContain("record");
    const consent = await eventually(() =>
      db.consentRecord.findFirst({ where: { tenantId: tenant.tenantId, callId: row.id } }),
    );
    expect(consent).toMatchObject({
      granted: false,
      digits: "7",
      callerState: "TX",
      announcementText: "Esta llamada puede ser grabada. Oprima 1.",
    });
  });

  it("answers a call alternating between two runtime processes exactly as one process does", async () => {
    const script = async (instances: string[]) => {
      const fake = new FakeTwilio({ ...twilio.options, instances });
      const call = await fake.call({ from: CALLER, to: tenant.number, fromState: "CA" });
      for (const digits of ["1", "1", "5", "3"]) await call.press(digits);
      await call.statusCallback("completed");
      return fake.log.map((e) => `${e.status} ${e.url.replace(PUBLIC_URL, "")}\n${e.body}`);
    };
    const alone = await script([instances[0]!.url]);
    const alternating = await script(instances.map((i) => i.url));
    expect(alternating).toEqual(alone);
    expect(alone.at(-2)).toContain("Thanks for rating us 3.");
  });

  it("runs an outbound call placed by the API on its pinned version and tracks its status", async () => {
    const callSid = "CA" + "0b".repeat(16);
    await placedByApi(callSid);
    const call = await twilio.call({
      from: tenant.number,
      to: CALLER,
      direction: "outbound-api",
      callSid,
      fromState: "NY",
      toState: "WA",
    });
    expect(call.spoken()[0]).toBe("Welcome to Acme.");
    await call.statusCallback("ringing");
    await call.press("1");
    await call.press("2");
    await call.press("9");
    await call.statusCallback("completed", 20);
    const row = await finished(callSid);
    expect(row).toMatchObject({ direction: "OUTBOUND", durationSeconds: 20 });
    expect(await db.call.count({ where: { tenantId: tenant.tenantId, providerCallId: callSid } })).toBe(1);
    // Consent is about the person called: their state, not the business number's.
    const consent = await eventually(() =>
      db.consentRecord.findFirst({ where: { tenantId: tenant.tenantId, callId: row.id } }),
    );
    expect(consent).toMatchObject({ callerState: "WA", granted: false, digits: "2" });

    // Twilio may call before the API has stored the CallSid it got back from placing the call.
    const early = "CA" + "0d".repeat(16);
    const pending = await placedByApi(`pending:${early}`);
    const answering = twilio.call({
      from: tenant.number,
      to: CALLER,
      direction: "outbound-api",
      callSid: early,
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await db.call.update({
      where: { id: pending.id, tenantId: tenant.tenantId },
      data: { providerCallId: early },
    });
    expect((await answering).spoken()[0]).toBe("Welcome to Acme.");
    expect((await new RedisCallStore(instances[0]!.redis).load(keyOf(early))).record?.meta.callId).toBe(
      pending.id,
    );

    const unanswered = "CA" + "0c".repeat(16);
    await placedByApi(unanswered);
    const never = new (await import("../../testing/fake-twilio.ts")).FakeCall(twilio, {
      ...call.params,
      CallSid: unanswered,
    });
    await never.statusCallback("ringing");
    await never.statusCallback("no-answer", 0);
    await eventually(async () => (await callRow(unanswered))?.status === "NO_ANSWER");
  });

  it("tells callers of an unbound number that it is not in service", async () => {
    const call = await twilio.call({ from: CALLER, to: "+15005550000" });
    expect(call.spoken()).toEqual(["The number you have called is not in service."]);
    expect(call.has("Hangup")).toBe(true);
  });
});
