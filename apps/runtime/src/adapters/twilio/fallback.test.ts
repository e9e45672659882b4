import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { seedSignalWire, seedTelnyx, transferLine } from "../../testing/carrier-fixture.ts";
import { FakeCall, FakeTwilio } from "../../testing/fake-twilio.ts";
import { startLogWriter, startRuntime, type RuntimeInstance } from "../../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant, type SeededTenant } from "../../testing/seed.ts";

const REGION_A = "https://a.voice.ringflow.example";
const REGION_B = "https://b.voice.ringflow.example";
const db = createDb(testDatabaseUrl(), { max: 4 });
let a: RuntimeInstance;
let b: RuntimeInstance;
let writer: { close(): Promise<void> };
let tenant: SeededTenant;
/** Each carrier's account on the tenant's flow: how it signs and where its webhooks go. */
const lines: Record<
  "twilio" | "signalwire" | "telnyx",
  {
    number: string;
    providerAccountId: string;
    carrier(publicUrl: string, instance: RuntimeInstance): FakeTwilio;
  }
> = {} as never;

beforeAll(async () => {
  b = await startRuntime({ publicUrl: REGION_B });
  writer = await startLogWriter(db);
  tenant = await seedTwilioTenant(db, () => transferLine());
  lines.twilio = {
    number: tenant.number,
    providerAccountId: tenant.providerAccountId,
    carrier: (publicUrl, instance) =>
      new FakeTwilio({
        publicUrl,
        instances: [instance.url],
        accountSid: tenant.accountSid,
        authToken: tenant.authToken,
      }),
  };
  for (const [name, seed] of [
    ["signalwire", await seedSignalWire(db, tenant.tenantId, tenant.flowId)],
    ["telnyx", await seedTelnyx(db, tenant.tenantId, tenant.flowId)],
  ] as const)
    lines[name] = { ...seed, carrier: (publicUrl, instance) => seed.carrier(publicUrl, [instance.url]) };
});

afterAll(async () => {
  await writer.close();
  await b.close();
  await db.$disconnect();
});

const carrierAt = (publicUrl: string, instance: RuntimeInstance) => lines.twilio.carrier(publicUrl, instance);

/** Every block of the transfer line, each once: the call was never started again. */
const WHOLE_PATH = ["start", "welcome", "menu", "transfer", "thanks", "bye"];

/** The transfer is answered and ends; thanks; the carrier reports the call completed. */
async function transferEnds(call: FakeCall) {
  await call.dialEnds("completed", 30);
  expect(call.spoken()).toEqual(["Thanks for calling."]);
  expect((await call.statusCallback("completed", 40)).status).toBe(204);
}

/** The blocks a call entered, in order, once its log is written. */
async function enteredBlocks(callSid: string, providerAccountId: string) {
  const row = await eventually(() =>
    db.call.findFirst({
      where: { tenantId: tenant.tenantId, providerCallId: callSid, providerAccountId, status: "COMPLETED" },
    }),
  );
  const entered = await eventually(async () => {
    const events = await db.callEvent.findMany({
      where: { tenantId: tenant.tenantId, callId: row.id, type: "enter" },
      orderBy: { seq: "asc" },
    });
    return events.length >= 6 ? events : null;
  });
  return entered.map((e) => e.nodeId);
}

describe("a runtime region goes down mid-call: the carrier's fallback URL reaches another one", () => {
  // SignalWire's LaML numbers take Twilio's VoiceFallbackUrl, and its request is Twilio's (ErrorUrl, ErrorCode).
  it.each(["twilio", "signalwire"] as const)(
    "%s: the call continues on the second runtime from its state in Redis, and /health shows the connection",
    async (name) => {
      const line = lines[name];
      a = await startRuntime({ publicUrl: REGION_A });
      const call = await line.carrier(REGION_A, a).call({ from: "+14155550111", to: line.number });
      expect(call.spoken()).toEqual(["Welcome to Acme.", "Press 1 for sales, 2 to leave."]);
      const gatherAction = call.verb("Gather").attributes.action as string;
      expect(gatherAction).toBe(`${REGION_A}/${name}/gather?turn=1`);

      await a.close();
      // The caller presses 1; region A does not answer.
      await expect(call.press("1")).rejects.toThrow();
      // As Twilio does on an error fetching TwiML: the same form to the number's VoiceFallbackUrl, signed for
      // it, with the URL that failed.
      const fallback = new FakeCall(line.carrier(REGION_B, b), call.params);
      await fallback.request(`${REGION_B}/${name}/voice`, {
        Digits: "1",
        ErrorUrl: gatherAction,
        ErrorCode: "11200",
      });
      expect(fallback.last?.status).toBe(200);
      // Not a new call from the top: the menu's answer, and the next action on region B.
      expect(fallback.spoken()).toEqual([]);
      const dial = fallback.verb("Dial");
      expect(dial.attributes.action).toBe(`${REGION_B}/${name}/dial?turn=2`);

      const health = (await fetch(`${b.url}/health`).then((r) => r.json())) as {
        providers: { providerAccountId: string }[];
      };
      const connection = health.providers.find((p) => p.providerAccountId === line.providerAccountId);
      expect(connection).toMatchObject({
        kind: name.toUpperCase(),
        status: "up",
        waitingCallers: 0,
        availableAgents: 0,
      });

      await transferEnds(fallback);
      // One call, each block once: the fallback did not start it again.
      expect(await enteredBlocks(call.callSid, line.providerAccountId)).toEqual(WHOLE_PATH);
    },
  );

  // Telnyx's failover URL takes the TeXML application's first request when its webhook URL fails to respond.
  it("telnyx: a call arriving while region A is down starts on region B, whose actions it follows", async () => {
    const line = lines.telnyx;
    const call = await line.carrier(REGION_B, b).call({ from: "+14155550112", to: line.number });
    expect(call.spoken()).toEqual(["Welcome to Acme.", "Press 1 for sales, 2 to leave."]);
    expect(call.verb("Gather").attributes.action).toBe(`${REGION_B}/telnyx/gather?turn=1`);
    await call.press("1");
    await transferEnds(call);
    expect(await enteredBlocks(call.callSid, line.providerAccountId)).toEqual(WHOLE_PATH);
  });

  it("refuses a fallback request whose ErrorUrl is not one of its actions, or unsigned", async () => {
    const carrier = carrierAt(REGION_B, b);
    const params = { CallSid: "CAfallback", AccountSid: tenant.accountSid, From: "+1415", To: tenant.number };
    expect(
      (
        await carrier.post(
          `${REGION_B}/twilio/voice`,
          { ...params, ErrorUrl: `${REGION_A}/twilio/gather?turn=1` },
          null,
        )
      ).status,
    ).toBe(403);
    // An ErrorUrl elsewhere is not handed over: the request is a call reaching the number.
    const elsewhere = await carrier.post(`${REGION_B}/twilio/voice`, {
      ...params,
      ErrorUrl: "https://example.com/other",
    });
    expect(elsewhere.body).toContain("Welcome to Acme.");
  });
});
