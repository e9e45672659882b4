import { generateKeyPairSync, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderHealth } from "@ringflow/platform";
import {
  startFakeCarrier,
  type CarrierAnswer,
  type RecordedRequest,
} from "@ringflow/platform/testing/fake-carrier";
import { createHarness, outcome } from "../../testing/harness.ts";

const PROJECT = randomUUID();
const SW_TOKEN = "PT-signalwire-token-123456";
const TELNYX_KEY = "KEY-telnyx-api-key-123456";
const APP_ID = "1293384261075731499";
const PUBLIC_KEY = generateKeyPairSync("ed25519")
  .publicKey.export({ format: "der", type: "spki" })
  .subarray(12)
  .toString("base64");

/** Telnyx: its application answers; calls are refused as `telnyxCalls` says (503 unless told otherwise). */
let telnyxCalls: () => CarrierAnswer = () => ({
  status: 503,
  body: { errors: [{ detail: "Service unavailable" }] },
});
function telnyxAnswer(request: RecordedRequest): CarrierAnswer {
  if (request.path === `/texml_applications/${APP_ID}`)
    return { status: 200, body: { data: { id: APP_ID, friendly_name: "Ringflow", active: true } } };
  if (request.path === `/texml/calls/${APP_ID}`) return telnyxCalls();
  return { status: 404, body: { errors: [{ detail: "not found" }] } };
}
function signalWireAnswer(request: RecordedRequest): CarrierAnswer {
  const base = `/api/laml/2010-04-01/Accounts/${PROJECT}`;
  if (request.path === `${base}.json`)
    return { status: 200, body: { friendly_name: "Acme", status: "active" } };
  if (request.path === `${base}/Calls.json`)
    return { status: 201, body: { sid: `sw-${randomUUID()}`, status: "queued" } };
  return { status: 404, body: { message: "not found" } };
}

describe("outbound failover: the primary carrier refuses, the call goes out through the backup", () => {
  let telnyx: Awaited<ReturnType<typeof startFakeCarrier>>;
  let signalWire: Awaited<ReturnType<typeof startFakeCarrier>>;
  let h: ReturnType<typeof createHarness>;

  beforeAll(async () => {
    telnyx = await startFakeCarrier(telnyxAnswer);
    signalWire = await startFakeCarrier(signalWireAnswer);
    h = createHarness(
      {
        telnyxApiBaseUrl: telnyx.url,
        signalWireApiBaseUrl: signalWire.url,
        runtimePublicUrl: "https://rt.example.com",
      },
      { ownRedisPrefix: true },
    );
  });
  afterAll(async () => {
    await h.close();
    await telnyx.close();
    await signalWire.close();
  });

  async function workspaceWithCarriers() {
    const ws = await h.workspace("failover");
    const primary = await ws.caller.providers.create({
      kind: "TELNYX",
      name: "Telnyx",
      telnyx: { apiKey: TELNYX_KEY, applicationId: APP_ID, publicKey: PUBLIC_KEY },
    });
    const backup = await ws.caller.providers.create({
      kind: "SIGNALWIRE",
      name: "SignalWire",
      signalwire: { spaceUrl: "https://Acme.signalwire.com/", projectId: PROJECT, apiToken: SW_TOKEN },
    });
    const flow = await ws.caller.flows.create({ name: "Outbound", templateId: "mainMenu" });
    await ws.caller.flows.publish({ flowId: flow.id, changelog: "v1" });
    const number = await h.db.phoneNumber.create({
      data: { tenantId: ws.tenantId, providerAccountId: primary.id, e164: "+14155550100" },
    });
    return { ws, primary, backup, flow, number };
  }

  it("connects both (Test connection through each REST API), then fails over with the attempts in the call's log", async () => {
    // Two accounts of one carrier in one test file: the application id is unique, so each test uses its own workspace's rows.
    await h.db.providerAccount.deleteMany({ where: { externalId: { in: [APP_ID, PROJECT] } } });
    const { ws, primary, backup, flow } = await workspaceWithCarriers();
    expect(backup.settings).toMatchObject({ spaceUrl: "acme.signalwire.com", projectId: PROJECT });
    expect(JSON.stringify(await ws.caller.providers.list())).not.toContain(SW_TOKEN);

    telnyx.requests.length = 0;
    expect(await ws.caller.providers.testConnection({ id: primary.id })).toEqual({
      ok: true,
      message: 'Connected to the Telnyx TeXML application "Ringflow".',
    });
    expect(telnyx.requests).toEqual([
      expect.objectContaining({
        method: "GET",
        path: `/texml_applications/${APP_ID}`,
        authorization: `Bearer ${TELNYX_KEY}`,
      }),
    ]);
    signalWire.requests.length = 0;
    expect((await ws.caller.providers.testConnection({ id: backup.id })).message).toBe(
      'Connected to the SignalWire project "Acme" (active).',
    );
    expect(signalWire.requests[0]).toMatchObject({
      method: "GET",
      path: `/api/laml/2010-04-01/Accounts/${PROJECT}.json`,
      authorization: `Basic ${Buffer.from(`${PROJECT}:${SW_TOKEN}`).toString("base64")}`,
    });

    // Without a backup, Telnyx's 503 is the caller's answer.
    expect(await outcome(ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" }))).toBe(
      "BAD_GATEWAY",
    );

    await ws.caller.providers.update({ id: primary.id, failoverAccountId: backup.id });
    telnyx.requests.length = 0;
    signalWire.requests.length = 0;
    const placed = await ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" });
    expect(telnyx.requests.map((r) => [r.method, r.path])).toEqual([["POST", `/texml/calls/${APP_ID}`]]);
    expect(JSON.parse(telnyx.requests[0]!.body)).toMatchObject({
      To: "+14155550199",
      From: "+14155550100",
      Url: "https://rt.example.com/telnyx/voice",
      StatusCallback: "https://rt.example.com/telnyx/status",
    });
    expect(signalWire.requests.map((r) => [r.method, r.path])).toEqual([
      ["POST", `/api/laml/2010-04-01/Accounts/${PROJECT}/Calls.json`],
    ]);
    const form = new URLSearchParams(signalWire.requests[0]!.body);
    expect(form.get("Url")).toBe("https://rt.example.com/signalwire/voice");
    expect(form.getAll("StatusCallbackEvent")).toEqual(["initiated", "ringing", "answered", "completed"]);

    const row = await h.db.call.findFirstOrThrow({ where: { id: placed.callId, tenantId: ws.tenantId } });
    expect(row).toMatchObject({
      provider: "SIGNALWIRE",
      providerAccountId: backup.id,
      providerCallId: placed.callSid,
    });
    expect(row.placementAttempts).toEqual([
      {
        providerAccountId: primary.id,
        provider: "TELNYX",
        outcome: "refused",
        reason: "Telnyx answered 503: Service unavailable",
      },
      { providerAccountId: backup.id, provider: "SIGNALWIRE", outcome: "placed" },
    ]);

    // A refusal of the call itself (a bad number) is not the carrier's failure: no second carrier.
    telnyxCalls = () => ({ status: 422, body: { errors: [{ detail: "Invalid To number" }] } });
    signalWire.requests.length = 0;
    expect(await outcome(ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" }))).toBe(
      "BAD_GATEWAY",
    );
    expect(signalWire.requests).toEqual([]);
    telnyxCalls = () => "drop";

    // Unreachable 5 times in the minute: Telnyx is marked down, shown to admins, and passed over.
    const health = new ProviderHealth(h.redis);
    for (let i = 0; i < 4; i++) await ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" });
    expect(await health.isDown(primary.id)).toBe(true);
    const listed = (await ws.caller.providers.list()).find((p) => p.id === primary.id);
    expect(listed?.health).toMatchObject({ status: "down", failures: 5 });
    telnyx.requests.length = 0;
    const skipped = await ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" });
    expect(telnyx.requests).toEqual([]);
    const skippedRow = await h.db.call.findFirstOrThrow({
      where: { id: skipped.callId, tenantId: ws.tenantId },
    });
    expect(skippedRow.placementAttempts).toMatchObject([
      { provider: "TELNYX", outcome: "skipped" },
      { outcome: "placed" },
    ]);
    // "Test connection" is the probe: once it succeeds, Telnyx is used again.
    telnyxCalls = () => ({ status: 200, body: { call_sid: "v3:back", status: "queued" } });
    expect((await ws.caller.providers.testConnection({ id: primary.id })).ok).toBe(true);
    expect(await health.isDown(primary.id)).toBe(false);
    const back = await ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" });
    expect(back.callSid).toBe("v3:back");
  });

  it("a backup must be a phone company account of the same workspace", async () => {
    await h.db.providerAccount.deleteMany({ where: { externalId: { in: [APP_ID, PROJECT] } } });
    const { ws, primary } = await workspaceWithCarriers();
    const other = await h.workspace("other");
    const foreign = await h.db.providerAccount.create({
      data: {
        tenantId: other.tenantId,
        kind: "DEMO",
        name: "x",
        externalId: randomUUID(),
        credentials: "x",
        credentialsKeyId: "x",
      },
    });
    expect(await outcome(ws.caller.providers.update({ id: primary.id, failoverAccountId: foreign.id }))).toBe(
      "NOT_FOUND",
    );
    expect(await outcome(ws.caller.providers.update({ id: primary.id, failoverAccountId: primary.id }))).toBe(
      "BAD_REQUEST",
    );
  });
});
