import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, outcome } from "../../testing/harness.ts";
import { startFakeTwilio } from "../../testing/fake-twilio.ts";

const SID = `AC${"a".repeat(32)}`;
const TOKEN = "twilio-auth-token-1234567890";
const NUMBER_SID = `PN${"1".repeat(32)}`;

describe("Twilio over its REST contract (a local server answering as Twilio does)", () => {
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let h: ReturnType<typeof createHarness>;
  const basicAuth = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`;

  beforeAll(async () => {
    twilio = await startFakeTwilio({
      sid: SID,
      authToken: TOKEN,
      numbers: [
        { sid: NUMBER_SID, phoneNumber: "+14155550100", friendlyName: "Main line" },
        { sid: `PN${"2".repeat(32)}`, phoneNumber: "+14155550101", friendlyName: "Staging" },
      ],
    });
    h = createHarness({ twilioApiBaseUrl: twilio.url, runtimePublicUrl: "https://rt.example.com" });
  });
  afterAll(async () => {
    await h.close();
    await twilio.close();
  });

  it("connects an account, tests it, imports its numbers, binds one (voice URL at Twilio), calls out", async () => {
    const ws = await h.workspace("twilio");
    const provider = await ws.caller.providers.create({
      kind: "TWILIO",
      name: "Production",
      twilio: { accountSid: SID, authToken: TOKEN },
    });
    expect(JSON.stringify(await ws.caller.providers.list())).not.toContain(TOKEN);
    const stored = await h.db.providerAccount.findUniqueOrThrow({ where: { id: provider.id } });
    expect(stored.credentials).not.toContain(TOKEN);

    twilio.requests.length = 0;
    expect(await ws.caller.providers.testConnection({ id: provider.id })).toEqual({
      ok: true,
      message: 'Connected to the Twilio account "Fake Co" (active).',
    });
    expect(twilio.requests).toEqual([
      expect.objectContaining({
        method: "GET",
        path: `/2010-04-01/Accounts/${SID}.json`,
        authorization: basicAuth,
      }),
    ]);

    const available = await ws.caller.numbers.listFromProvider({ providerAccountId: provider.id });
    expect(available.map((n) => [n.e164, n.sid, n.added])).toEqual([
      ["+14155550100", NUMBER_SID, false],
      ["+14155550101", `PN${"2".repeat(32)}`, false],
    ]);
    const [number] = await ws.caller.numbers.importFromProvider({
      providerAccountId: provider.id,
      e164s: ["+14155550100"],
    });
    expect(number).toMatchObject({
      e164: "+14155550100",
      providerSid: NUMBER_SID,
      friendlyName: "Main line",
    });

    const flow = await ws.caller.flows.create({ name: "Inbound", templateId: "mainMenu" });
    expect(await outcome(ws.caller.numbers.bind({ phoneNumberId: number!.id, flowId: flow.id }))).toBe(
      "PRECONDITION_FAILED",
    );
    await ws.caller.flows.publish({ flowId: flow.id, changelog: "v1" });
    twilio.requests.length = 0;
    const bound = await ws.caller.numbers.bind({ phoneNumberId: number!.id, flowId: flow.id });
    expect(bound.binding?.flow).toMatchObject({ id: flow.id, liveVersion: { number: 1 } });
    expect(twilio.requests).toEqual([
      {
        method: "POST",
        path: `/2010-04-01/Accounts/${SID}/IncomingPhoneNumbers/${NUMBER_SID}.json`,
        authorization: basicAuth,
        contentType: "application/x-www-form-urlencoded",
        form: {
          VoiceUrl: "https://rt.example.com/twilio/voice",
          VoiceMethod: "POST",
          StatusCallback: "https://rt.example.com/twilio/status",
          StatusCallbackMethod: "POST",
        },
      },
    ]);
    const pinned = await ws.caller.numbers.bind({
      phoneNumberId: number!.id,
      flowId: flow.id,
      pinnedVersionNumber: 1,
    });
    expect(pinned.binding?.pinnedVersion?.number).toBe(1);

    twilio.requests.length = 0;
    const placed = await ws.caller.calls.startOutbound({ flowId: flow.id, to: "+15551234567" });
    expect(placed).toMatchObject({
      callSid: expect.stringMatching(/^CA[0-9a-f]{32}$/),
      from: "+14155550100",
    });
    expect(twilio.requests).toEqual([
      expect.objectContaining({
        method: "POST",
        path: `/2010-04-01/Accounts/${SID}/Calls.json`,
        authorization: basicAuth,
        form: {
          To: "+15551234567",
          From: "+14155550100",
          Url: "https://rt.example.com/twilio/voice",
          Method: "POST",
          StatusCallback: "https://rt.example.com/twilio/status",
          StatusCallbackMethod: "POST",
          StatusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
        },
      }),
    ]);
    const call = await h.db.call.findUniqueOrThrow({ where: { id: placed.callId } });
    expect(call).toMatchObject({
      tenantId: ws.tenantId,
      provider: "TWILIO",
      direction: "OUTBOUND",
      status: "QUEUED",
      providerCallId: placed.callSid,
      flowId: flow.id,
      fromNumber: "+14155550100",
      toNumber: "+15551234567",
    });
    const live = await h.db.flow.findUniqueOrThrow({ where: { id: flow.id } });
    expect(call.flowVersionId).toBe(live.liveVersionId);

    const actions = (await ws.caller.audit.list()).entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["provider.create", "number.add", "number.bind", "call.outbound"]),
    );
  });

  it("shows Twilio's own error when it refuses, and changes nothing", async () => {
    const ws = await h.workspace("twilio-bad");
    const provider = await ws.caller.providers.create({
      kind: "TWILIO",
      name: "Wrong token",
      twilio: { accountSid: `AC${"b".repeat(32)}`, authToken: "wrong" },
    });
    expect(await ws.caller.providers.testConnection({ id: provider.id })).toEqual({
      ok: false,
      message: "Twilio answered 401 (error 20003): Authenticate",
    });
    expect((await ws.caller.providers.list())[0]).toMatchObject({
      lastTestOk: false,
      lastTestMessage: expect.stringContaining("20003"),
    });
    await expect(
      ws.caller.numbers.listFromProvider({ providerAccountId: provider.id }),
    ).rejects.toMatchObject({
      code: "BAD_GATEWAY",
      message: "Listing the Twilio account's numbers failed. Twilio answered 401 (error 20003): Authenticate",
    });

    const number = await ws.caller.numbers.add({ e164: "+14155550199", providerAccountId: provider.id });
    const flow = await ws.caller.flows.create({ name: "F", templateId: "mainMenu" });
    await ws.caller.flows.publish({ flowId: flow.id, changelog: "v1" });
    expect(await outcome(ws.caller.numbers.bind({ phoneNumberId: number.id, flowId: flow.id }))).toBe(
      "BAD_GATEWAY",
    );
    expect(await h.db.numberBinding.count({ where: { tenantId: ws.tenantId } })).toBe(0);

    expect(await outcome(ws.caller.calls.startOutbound({ flowId: flow.id, to: "+15550001111" }))).toBe(
      "BAD_GATEWAY",
    );
    const failed = await h.db.call.findFirstOrThrow({ where: { tenantId: ws.tenantId } });
    expect(failed).toMatchObject({ status: "FAILED", errorMessage: expect.stringContaining("Authenticate") });

    // Fixing the token (and only the token) makes it work; the SID is kept.
    await ws.caller.providers.update({ id: provider.id, twilio: { authToken: TOKEN } });
    const updated = await h.db.providerAccount.findUniqueOrThrow({ where: { id: provider.id } });
    expect(updated.externalId).toBe(`AC${"b".repeat(32)}`);
  });

  it("acts with the API key and secret when the account has them", async () => {
    const ws = await h.workspace("api-key");
    const accountSid = `AC${"f".repeat(32)}`;
    const apiKey = { sid: `SK${"5".repeat(32)}`, secret: "key-secret" };
    twilio.addAccount({ sid: accountSid, authToken: "unused-token", apiKey, numbers: [] });
    const provider = await ws.caller.providers.create({
      kind: "TWILIO",
      name: "Keyed",
      twilio: { accountSid, authToken: "not-the-token", apiKeySid: apiKey.sid, apiKeySecret: apiKey.secret },
    });
    expect((await ws.caller.providers.list())[0]?.settings).toEqual({ accountSid, apiKeySid: apiKey.sid });
    expect(await ws.caller.providers.testConnection({ id: provider.id })).toMatchObject({ ok: true });
    expect(twilio.requests.at(-1)).toMatchObject({
      path: `/2010-04-01/Accounts/${accountSid}.json`,
      authorization: `Basic ${Buffer.from(`${apiKey.sid}:${apiKey.secret}`).toString("base64")}`,
    });
  });

  it("lists an account whose key left the keyring as unreadable, and takes its credentials again", async () => {
    const ws = await h.workspace("lost-key");
    const accountSid = `AC${"7".repeat(32)}`;
    const provider = await ws.caller.providers.create({
      kind: "TWILIO",
      name: "Old",
      twilio: { accountSid, authToken: "t" },
    });
    await h.db.providerAccount.update({ where: { id: provider.id }, data: { credentialsKeyId: "retired" } });
    expect((await ws.caller.providers.list())[0]).toMatchObject({
      settings: null,
      credentialsReadable: false,
    });
    await expect(ws.caller.providers.testConnection({ id: provider.id })).rejects.toThrow(
      'The credentials of "Old" cannot be read (their key left RINGFLOW_SECRET_KEYS)',
    );
    await expect(ws.caller.providers.update({ id: provider.id, name: "Renamed" })).rejects.toThrow(
      "enter them again: accountSid, authToken",
    );
    await ws.caller.providers.update({ id: provider.id, twilio: { accountSid, authToken: "new-token" } });
    expect((await ws.caller.providers.list())[0]).toMatchObject({
      settings: { accountSid },
      credentialsReadable: true,
    });
  });

  it("refuses to connect one Twilio account to two workspaces", async () => {
    const a = await h.workspace("dup-a");
    const b = await h.workspace("dup-b");
    const twilioInput = {
      kind: "TWILIO" as const,
      name: "Shared",
      twilio: { accountSid: `AC${"d".repeat(32)}`, authToken: "t" },
    };
    await a.caller.providers.create(twilioInput);
    await expect(b.caller.providers.create(twilioInput)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
