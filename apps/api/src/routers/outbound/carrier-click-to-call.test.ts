import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  lamlPath,
  signalWireAnswers,
  startFakeCarrier,
  telnyxAnswers,
  telnyxTestPublicKey,
} from "@ringflow/platform/testing/fake-carrier";
import { contactCenter } from "../../testing/contact-center.ts";
import { createHarness } from "../../testing/harness.ts";

const PROJECT = randomUUID();
const APP_ID = String(3_000_000_000_000 + Math.floor(Math.random() * 1e12));
const TELNYX_KEY = "KEY-click-to-call";
const DIAL =
  '<Response><Dial callerId="FROM" answerOnBridge="true"><Number>+14155550199</Number></Dial></Response>';

describe("click-to-call from SignalWire and Telnyx numbers", () => {
  let sw: Awaited<ReturnType<typeof startFakeCarrier>>;
  let tx: Awaited<ReturnType<typeof startFakeCarrier>>;
  let h: ReturnType<typeof createHarness>;
  beforeAll(async () => {
    const laml = signalWireAnswers({ id: PROJECT, friendlyName: "Acme" }, [
      { id: "PN-c2c-1", e164: "+14155550190" },
    ]);
    sw = await startFakeCarrier((request) =>
      request.path === `${lamlPath(PROJECT)}/Calls.json`
        ? { status: 201, body: { sid: "CA-sw-placed", status: "queued" } }
        : laml(request),
    );
    const texml = telnyxAnswers({
      apiKey: () => TELNYX_KEY,
      applicationId: APP_ID,
      numbers: [{ id: "pn-c2c-2", e164: "+14155550191" }],
    });
    tx = await startFakeCarrier((request) =>
      request.path === `/texml/calls/${APP_ID}`
        ? { status: 200, body: { call_sid: "v3:tx-placed", status: "queued" } }
        : texml(request),
    );
    h = createHarness({
      signalWireApiBaseUrl: sw.url,
      telnyxApiBaseUrl: tx.url,
      runtimePublicUrl: "https://rt.example.com",
    });
  });
  afterAll(async () => {
    await h.close();
    await sw.close();
    await tx.close();
  });

  it("rings the agent's phone through the number's carrier, then dials the destination; never the browser", async () => {
    const cc = await contactCenter(h, "carrier-c2c");
    const signalWire = await cc.ws.caller.providers.create({
      kind: "SIGNALWIRE",
      name: "SignalWire",
      signalwire: { spaceUrl: "acme.signalwire.com", projectId: PROJECT, apiToken: "PT-c2c-token-1" },
    });
    const telnyx = await cc.ws.caller.providers.create({
      kind: "TELNYX",
      name: "Telnyx",
      telnyx: { apiKey: TELNYX_KEY, applicationId: APP_ID, publicKey: telnyxTestPublicKey() },
    });
    for (const [account, e164] of [
      [signalWire, "+14155550190"],
      [telnyx, "+14155550191"],
    ] as const)
      await cc.ws.caller.numbers.importFromProvider({ providerAccountId: account.id, e164s: [e164] });
    const desk = cc.agentMember.caller.desktop;
    expect((await desk.callerIds()).map((n) => n.e164)).toEqual(["+14155550190", "+14155550191"]);

    const viaSignalWire = await desk.placeCall({ to: "+14155550199", from: "+14155550190" });
    const [lamlCall] = sw.requests.filter((r) => r.path.endsWith("/Calls.json"));
    expect(lamlCall!.method).toBe("POST");
    expect(Object.fromEntries(new URLSearchParams(lamlCall!.body))).toMatchObject({
      To: "+15550001111",
      From: "+14155550190",
      Twiml: DIAL.replace("FROM", "+14155550190"),
      StatusCallback: "https://rt.example.com/signalwire/status",
    });
    const viaTelnyx = await desk.placeCall({ to: "+14155550199", from: "+14155550191" });
    const [texmlCall] = tx.requests.filter((r) => r.path === `/texml/calls/${APP_ID}`);
    expect(texmlCall!.authorization).toBe(`Bearer ${TELNYX_KEY}`);
    expect(JSON.parse(texmlCall!.body)).toMatchObject({
      To: "+15550001111",
      From: "+14155550191",
      Texml: DIAL.replace("FROM", "+14155550191"),
      StatusCallback: "https://rt.example.com/telnyx/status",
    });
    const rows = await h.db.call.findMany({
      where: { tenantId: cc.ws.tenantId, id: { in: [viaSignalWire.callId, viaTelnyx.callId] } },
      select: { id: true, provider: true, providerCallId: true, providerAccountId: true },
    });
    expect(rows.sort((a, b) => (a.provider < b.provider ? -1 : 1))).toEqual([
      {
        id: viaSignalWire.callId,
        provider: "SIGNALWIRE",
        providerCallId: "CA-sw-placed",
        providerAccountId: signalWire.id,
      },
      {
        id: viaTelnyx.callId,
        provider: "TELNYX",
        providerCallId: "v3:tx-placed",
        providerAccountId: telnyx.id,
      },
    ]);

    // An agent reached only in the browser: these carriers cannot ring it, said before anything is placed.
    await h.db.agentEndpoint.updateMany({
      where: { tenantId: cc.ws.tenantId, agentId: cc.agent.id },
      data: { kind: "TWILIO_CLIENT", address: "ada" },
    });
    const placed = sw.requests.length;
    await expect(desk.placeCall({ to: "+14155550199", from: "+14155550190" })).rejects.toThrow(
      "Calls from +14155550190 go through SignalWire, which cannot ring the browser: add a phone or a SIP address to your agent to call from this number.",
    );
    expect(sw.requests.length).toBe(placed);
  });
});
