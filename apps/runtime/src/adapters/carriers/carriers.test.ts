import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { seedSignalWire, seedTelnyx, transferLine, type TelnyxSeed } from "../../testing/carrier-fixture.ts";
import { FakeTwilio, type FakeCall } from "../../testing/fake-twilio.ts";
import { startLogWriter, startRuntime, type RuntimeInstance } from "../../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant, type SeededTenant } from "../../testing/seed.ts";

const PUBLIC_URL = "https://voice.ringflow.example";
const db = createDb(testDatabaseUrl(), { max: 4 });
let instances: RuntimeInstance[];
let writer: { close(): Promise<void> };
let tenant: SeededTenant;
let telnyx: TelnyxSeed;
const carriers: Record<string, { fake: FakeTwilio; number: string; providerAccountId: string }> = {};

beforeAll(async () => {
  instances = [await startRuntime({ publicUrl: PUBLIC_URL }), await startRuntime({ publicUrl: PUBLIC_URL })];
  writer = await startLogWriter(db);
  tenant = await seedTwilioTenant(db, () => transferLine());
  const urls = instances.map((i) => i.url);
  carriers.twilio = {
    fake: new FakeTwilio({
      publicUrl: PUBLIC_URL,
      instances: urls,
      accountSid: tenant.accountSid,
      authToken: tenant.authToken,
    }),
    number: tenant.number,
    providerAccountId: tenant.providerAccountId,
  };
  const signalWire = await seedSignalWire(db, tenant.tenantId, tenant.flowId);
  carriers.signalwire = { ...signalWire, fake: signalWire.carrier(PUBLIC_URL, urls) };
  telnyx = await seedTelnyx(db, tenant.tenantId, tenant.flowId);
  carriers.telnyx = { ...telnyx, fake: telnyx.carrier(PUBLIC_URL, urls) };
});

afterAll(async () => {
  await writer.close();
  await Promise.all(instances.map((i) => i.close()));
  await db.$disconnect();
});

const CALLER = "+14155550111";

/** Calls in, presses 1, the transfer is answered and ends, thanks, hang up; the carrier says completed. */
async function transferCall(name: string): Promise<FakeCall> {
  const { fake, number } = carriers[name]!;
  const call = await fake.call({ from: CALLER, to: number });
  expect(call.last?.status).toBe(200);
  expect(call.spoken()).toEqual(["Welcome to Acme.", "Press 1 for sales, 2 to leave."]);
  expect(call.verb("Gather").attributes.action).toBe(`${PUBLIC_URL}/${name}/gather?turn=1`);
  await call.press("1");
  const dial = call.verb("Dial");
  expect(dial.children.map((c) => [c.name, c.text])).toEqual([["Number", "+14155550123"]]);
  await call.dialEnds("completed", 30);
  expect(call.spoken()).toEqual(["Thanks for calling."]);
  expect(call.has("Hangup")).toBe(true);
  expect((await call.statusCallback("completed", 45)).status).toBe(204);
  return call;
}

/** The call's execution log without what differs by nature (ids, times): type, block, exit and data. */
async function logOf(callSid: string, providerAccountId: string) {
  const row = await eventually(() =>
    db.call.findFirst({ where: { tenantId: tenant.tenantId, providerCallId: callSid, providerAccountId } }),
  );
  const events = await eventually(async () => {
    const rows = await db.callEvent.findMany({
      where: { tenantId: tenant.tenantId, callId: row.id },
      orderBy: { seq: "asc" },
    });
    return rows.some((e) => e.type === "call.status") && rows.every((e, i) => e.seq === i) ? rows : null;
  });
  // The status report and the call's summary (its outcome) are written by different writers: wait for both.
  const final = await eventually(() =>
    db.call.findFirst({
      where: { id: row.id, tenantId: tenant.tenantId, status: "COMPLETED", outcome: { not: null } },
    }),
  );
  return {
    provider: final.provider,
    summary: { status: final.status, outcome: final.outcome, durationSeconds: final.durationSeconds },
    events: events.map((e) => ({ type: e.type, nodeId: e.nodeId, port: e.port, data: e.data })),
  };
}

describe("SignalWire and Telnyx on the Twilio adapter's translation", () => {
  it("the same flow through Twilio, SignalWire and Telnyx webhooks takes the same path and logs the same", async () => {
    const logs: Record<string, Awaited<ReturnType<typeof logOf>>> = {};
    for (const name of ["twilio", "signalwire", "telnyx"]) {
      const call = await transferCall(name);
      logs[name] = await logOf(call.callSid, carriers[name]!.providerAccountId);
    }
    expect(logs.twilio?.provider).toBe("TWILIO");
    expect(logs.signalwire?.provider).toBe("SIGNALWIRE");
    expect(logs.telnyx?.provider).toBe("TELNYX");
    const nodes = logs.twilio!.events.filter((e) => e.type === "enter").map((e) => e.nodeId);
    expect(nodes).toEqual(["start", "welcome", "menu", "transfer", "thanks", "bye"]);
    // What differs by nature: the number called (each carrier's own) and when things happened.
    const neutral = (log: (typeof logs)[string], number: string) =>
      JSON.parse(
        JSON.stringify(log)
          .replaceAll(number, "<number>")
          .replace(/"at":\d+,?/g, ""),
      );
    const twilioLog = neutral(logs.twilio!, carriers.twilio!.number);
    expect(twilioLog.events.length).toBeGreaterThan(10);
    expect({ ...neutral(logs.signalwire!, carriers.signalwire!.number), provider: "TWILIO" }).toEqual(
      twilioLog,
    );
    expect({ ...neutral(logs.telnyx!, carriers.telnyx!.number), provider: "TWILIO" }).toEqual(twilioLog);
  });

  it("refuses SignalWire webhooks without the project's signature, or signed by another project", async () => {
    const { fake, number } = carriers.signalwire!;
    const params = { CallSid: "CAforged", AccountSid: fake.options.accountSid, From: CALLER, To: number };
    expect((await fake.post(fake.url("/twilio/voice"), params, null)).status).toBe(403);
    // Signed with Twilio's auth token of the same workspace: not SignalWire's key.
    const twilioSigned = carriers.twilio!.fake;
    const forged = new FakeTwilio({
      ...twilioSigned.options,
      prefix: "signalwire",
      accountSid: fake.options.accountSid,
    });
    expect((await forged.post(forged.url("/twilio/voice"), params)).status).toBe(403);
  });

  it("Telnyx: Ed25519 over timestamp|body; a stale timestamp, a changed body, a foreign key are refused; a replay is answered the same", async () => {
    const { fake, number } = carriers.telnyx!;
    const instance = instances[0]!.url;
    const params = {
      CallSid: `v3:replay-${Date.now()}`,
      AccountSid: fake.options.accountSid,
      ConnectionId: telnyx.applicationId,
      From: CALLER,
      To: number,
      Direction: "inbound",
      CallStatus: "ringing",
    };
    const body = new URLSearchParams(params).toString();
    const send = (headers: Record<string, string>, sent = body) =>
      fetch(`${instance}/telnyx/voice`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: sent,
      }).then(async (r) => ({ status: r.status, text: await r.text() }));
    const now = Math.floor(Date.now() / 1000);
    const first = await send(telnyx.signAt(now, body));
    expect(first.status).toBe(200);
    expect(first.text).toContain("Welcome to Acme.");
    // The same signed request again (Telnyx retries, or someone replays it within the window): the same answer.
    expect(await send(telnyx.signAt(now, body))).toEqual(first);
    // More than 5 minutes off: refused, however well signed. A minute past the window, not a second: `now` was
    // taken (rounded down) before the requests above, which take seconds on a busy machine.
    expect((await send(telnyx.signAt(now - 360, body))).status).toBe(403);
    expect((await send(telnyx.signAt(now + 360, body))).status).toBe(403);
    // The signature of another body.
    const other = body.replace("ringing", "completed");
    expect((await send(telnyx.signAt(now, body), other)).status).toBe(403);
    expect((await send({}, body)).status).toBe(403);
    // Another Telnyx account's key over this application's webhook.
    const stranger = await seedTelnyx(db, tenant.tenantId, tenant.flowId);
    expect((await send(stranger.signAt(now, body))).status).toBe(403);
  });

  it("a Telnyx account's webhook acts on its own calls only: another tenant's application cannot reach them", async () => {
    const victim = await transferCall("telnyx");
    const other = await seedTwilioTenant(db, () => transferLine());
    const intruder = await seedTelnyx(db, other.tenantId, other.flowId);
    const fake = intruder.carrier(
      PUBLIC_URL,
      instances.map((i) => i.url),
    );
    // Correctly signed by the intruder's own account, naming the victim's CallSid: a different call key.
    const exchange = await fake.post(fake.url("/twilio/gather?turn=1"), {
      CallSid: victim.callSid,
      AccountSid: fake.options.accountSid,
      ConnectionId: intruder.applicationId,
      Digits: "2",
    });
    expect(exchange.body).not.toContain("Thanks for calling.");
    const victimCall = await db.call.findFirst({
      where: { providerCallId: victim.callSid, tenantId: tenant.tenantId },
    });
    expect(victimCall?.tenantId).toBe(tenant.tenantId);
    expect(await db.call.count({ where: { providerCallId: victim.callSid, tenantId: other.tenantId } })).toBe(
      0,
    );
  });
});
