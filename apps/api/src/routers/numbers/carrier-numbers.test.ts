import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  lamlPath,
  signalWireAnswers,
  startFakeCarrier,
  telnyxAnswers,
  telnyxTestPublicKey,
} from "@ringflow/platform/testing/fake-carrier";
import { createHarness } from "../../testing/harness.ts";

const PROJECT = randomUUID();
const APP_ID = String(1_000_000_000_000 + Math.floor(Math.random() * 1e12));
const PUBLIC_KEY = telnyxTestPublicKey();
const LAML = lamlPath(PROJECT);

describe("SignalWire and Telnyx numbers: listed, imported, bound with the runtime's voice and fallback URLs", () => {
  let sw: Awaited<ReturnType<typeof startFakeCarrier>>;
  let tx: Awaited<ReturnType<typeof startFakeCarrier>>;
  let h: ReturnType<typeof createHarness>;
  beforeAll(async () => {
    sw = await startFakeCarrier(
      signalWireAnswers({ id: PROJECT, friendlyName: "Acme" }, [
        { id: "PN-sw-1", e164: "+14155550170", friendlyName: "Front desk" },
      ]),
    );
    tx = await startFakeCarrier(
      telnyxAnswers({
        apiKey: () => "KEY-123456789",
        applicationId: APP_ID,
        numbers: [{ id: "pn-tx-1", e164: "+14155550171" }],
      }),
    );
    h = createHarness({
      signalWireApiBaseUrl: sw.url,
      telnyxApiBaseUrl: tx.url,
      runtimePublicUrl: "https://rt.example.com",
      runtimeFallbackUrl: "https://rt2.example.com",
    });
  });
  afterAll(async () => {
    await h.close();
    await sw.close();
    await tx.close();
  });

  it("binds each through its carrier's REST API, and warns what the dialect cannot do", async () => {
    const ws = await h.workspace("carriers");
    const swAccount = await ws.caller.providers.create({
      kind: "SIGNALWIRE",
      name: "SignalWire",
      signalwire: { spaceUrl: "acme.signalwire.com", projectId: PROJECT, apiToken: "PT-token-1234567" },
    });
    const txAccount = await ws.caller.providers.create({
      kind: "TELNYX",
      name: "Telnyx",
      telnyx: { apiKey: "KEY-123456789", applicationId: APP_ID, publicKey: PUBLIC_KEY },
    });
    const flow = await ws.caller.flows.create({ name: "Inbound", templateId: "mainMenu" });
    await ws.caller.flows.publish({ flowId: flow.id, changelog: "v1" });

    const listed = await ws.caller.numbers.listFromProvider({ providerAccountId: swAccount.id });
    expect(listed.map((n) => [n.e164, n.sid, n.added])).toEqual([["+14155550170", "PN-sw-1", false]]);
    const [swNumber] = await ws.caller.numbers.importFromProvider({
      providerAccountId: swAccount.id,
      e164s: ["+14155550170"],
    });
    sw.requests.length = 0;
    const swBound = await ws.caller.numbers.bind({ phoneNumberId: swNumber!.id, flowId: flow.id });
    expect(sw.requests.map((r) => [r.method, r.path])).toEqual([
      ["POST", `${LAML}/IncomingPhoneNumbers/PN-sw-1.json`],
    ]);
    expect(Object.fromEntries(new URLSearchParams(sw.requests[0]!.body))).toEqual({
      VoiceUrl: "https://rt.example.com/signalwire/voice",
      VoiceMethod: "POST",
      StatusCallback: "https://rt.example.com/signalwire/status",
      StatusCallbackMethod: "POST",
      VoiceFallbackUrl: "https://rt2.example.com/signalwire/voice",
      VoiceFallbackMethod: "POST",
    });
    expect(Array.isArray(swBound.warnings)).toBe(true);

    const [txNumber] = await ws.caller.numbers.importFromProvider({
      providerAccountId: txAccount.id,
      e164s: ["+14155550171"],
    });
    tx.requests.length = 0;
    await ws.caller.numbers.bind({ phoneNumberId: txNumber!.id, flowId: flow.id });
    expect(tx.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ["PATCH", `/texml_applications/${APP_ID}`, "Bearer KEY-123456789"],
      ["PATCH", "/phone_numbers/pn-tx-1", "Bearer KEY-123456789"],
    ]);
    expect(JSON.parse(tx.requests[0]!.body)).toEqual({
      voice_url: "https://rt.example.com/telnyx/voice",
      voice_method: "post",
      status_callback: "https://rt.example.com/telnyx/status",
      status_callback_method: "post",
      voice_fallback_url: "https://rt2.example.com/telnyx/voice",
    });
    expect(JSON.parse(tx.requests[1]!.body)).toEqual({ connection_id: APP_ID });
  });
});
