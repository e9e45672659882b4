import { noteSkippedSuite } from "@ringflow/platform";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
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

  it("connects nothing Twilio refuses: a made-up token is a clear error and nothing is stored", async () => {
    const ws = await h.workspace("squatter");
    twilio.requests.length = 0;
    const refused = await ws.caller.providers
      .create({ kind: "TWILIO", name: "Not mine", twilio: { accountSid: SID, authToken: "made-up" } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: "BAD_REQUEST",
      message: "Twilio refused these credentials: check the Account SID and the Auth Token.",
    });
    // The request is Twilio's own account fetch, with the given credentials.
    expect(twilio.requests).toEqual([
      expect.objectContaining({
        method: "GET",
        path: `/2010-04-01/Accounts/${SID}.json`,
        authorization: `Basic ${Buffer.from(`${SID}:made-up`).toString("base64")}`,
      }),
    ]);
    expect(await h.db.providerAccount.count({ where: { tenantId: ws.tenantId } })).toBe(0);
    // A real API key does not excuse a wrong auth token (the runtime checks webhook signatures with it).
    expect(
      await outcome(
        ws.caller.providers.create({
          kind: "TWILIO",
          name: "Keyed",
          twilio: {
            accountSid: SID,
            authToken: "made-up",
            apiKeySid: `SK${"9".repeat(32)}`,
            apiKeySecret: "s",
          },
        }),
      ),
    ).toBe("BAD_REQUEST");
  });

  it("shows Twilio's own error when a stored token stops working, and changes nothing", async () => {
    const ws = await h.workspace("twilio-bad");
    const accountSid = `AC${"b".repeat(32)}`;
    const account = { sid: accountSid, authToken: TOKEN, numbers: [] };
    twilio.addAccount(account);
    const provider = await ws.caller.providers.create({
      kind: "TWILIO",
      name: "Rotated token",
      twilio: { accountSid, authToken: TOKEN },
    });
    // The token is rotated at Twilio after it was connected.
    account.authToken = "rotated-at-twilio";
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

    // A wrong new token is refused and the stored one kept; the right one (and only it) is taken.
    expect(
      await outcome(ws.caller.providers.update({ id: provider.id, twilio: { authToken: "guess" } })),
    ).toBe("BAD_REQUEST");
    await ws.caller.providers.update({ id: provider.id, twilio: { authToken: "rotated-at-twilio" } });
    expect(await ws.caller.providers.testConnection({ id: provider.id })).toMatchObject({ ok: true });
    const updated = await h.db.providerAccount.findUniqueOrThrow({ where: { id: provider.id } });
    expect(updated.externalId).toBe(accountSid);
  });

  it("acts with the API key and secret when the account has them", async () => {
    const ws = await h.workspace("api-key");
    const accountSid = `AC${"f".repeat(32)}`;
    const apiKey = { sid: `SK${"5".repeat(32)}`, secret: "key-secret" };
    twilio.addAccount({ sid: accountSid, authToken: "unused-token", apiKey, numbers: [] });
    const provider = await ws.caller.providers.create({
      kind: "TWILIO",
      name: "Keyed",
      twilio: { accountSid, authToken: "unused-token", apiKeySid: apiKey.sid, apiKeySecret: apiKey.secret },
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
    twilio.addAccount({ sid: accountSid, authToken: "t", numbers: [] });
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
    await ws.caller.providers.update({ id: provider.id, twilio: { accountSid, authToken: "t" } });
    expect((await ws.caller.providers.list())[0]).toMatchObject({
      settings: { accountSid },
      credentialsReadable: true,
    });
  });

  it("refuses one Twilio account in two workspaces, telling only a verified owner, and never which workspace", async () => {
    const a = await h.workspace("dup-a");
    const b = await h.workspace("dup-b");
    const accountSid = `AC${"d".repeat(32)}`;
    twilio.addAccount({ sid: accountSid, authToken: "real-token", numbers: [] });
    const input = (authToken: string) => ({
      kind: "TWILIO" as const,
      name: "Shared",
      twilio: { accountSid, authToken },
    });
    await a.caller.providers.create(input("real-token"));
    // Without the token: the same answer as for any account one does not hold; no word of the connection.
    const stranger = await b.caller.providers.create(input("guessed")).catch((e: unknown) => e);
    expect(stranger).toMatchObject({ code: "BAD_REQUEST", message: /^Twilio refused these credentials/ });
    // With it: told it is connected elsewhere, not where.
    const owner = await b.caller.providers.create(input("real-token")).catch((e: unknown) => e);
    expect(owner).toMatchObject({ code: "CONFLICT", message: /connected to another Ringflow workspace/ });
    expect(JSON.stringify({ m: (owner as Error).message, owner })).not.toMatch(new RegExp(`${a.slug}|dup-a`));
    expect(await outcome(a.caller.providers.create(input("real-token")))).toBe("CONFLICT");
    await expect(a.caller.providers.create(input("real-token"))).rejects.toThrow(
      /already connected to this workspace/,
    );
  });

  // Twilio's own OpenAPI description of the 2010-04-01 API (provided beside the checkout, not vendored).
  const oaiFile = path.join(
    process.env.TWILIO_OAI_DIR ?? path.resolve(import.meta.dirname, "../../../../../../shared/twilio-oai"),
    "twilio_api_v2010.json",
  );
  if (!existsSync(oaiFile))
    noteSkippedSuite(
      "Twilio API description check",
      `no ${oaiFile}`,
      "put shared/ beside the checkout, or set TWILIO_OAI_DIR",
    );
  it.skipIf(!existsSync(oaiFile))(
    "checks credentials with the request Twilio's API description defines",
    async () => {
      type Operation = { parameters?: { name: string; in: string; schema: { pattern?: string } }[] };
      const spec = JSON.parse(readFileSync(oaiFile, "utf8")) as {
        paths: Record<string, Record<string, Operation>>;
        security: Record<string, unknown>[];
        components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      };
      const ws = await h.workspace("oai");
      const accountSid = `AC${"0a".repeat(16)}`;
      twilio.addAccount({ sid: accountSid, authToken: "oai-token", numbers: [] });
      twilio.requests.length = 0;
      await ws.caller.providers.create({
        kind: "TWILIO",
        name: "OAI",
        twilio: { accountSid, authToken: "oai-token" },
      });
      const [request] = twilio.requests;
      const template = "/2010-04-01/Accounts/{Sid}.json";
      const operation = spec.paths[template]?.[request!.method.toLowerCase()];
      expect(operation, `${request!.method} ${template} in the description`).toBeDefined();
      const sid = operation!.parameters!.find((p) => p.in === "path" && p.name === "Sid")!;
      const match = new RegExp(`^${template.replace("{Sid}", "([^/]+)")}$`).exec(request!.path);
      expect(match?.[1]).toMatch(new RegExp(sid.schema.pattern!));
      const [scheme] = Object.keys(spec.security[0]!);
      expect(spec.components.securitySchemes[scheme!]).toEqual({ type: "http", scheme: "basic" });
      expect(request!.authorization).toBe(
        `Basic ${Buffer.from(`${accountSid}:oai-token`).toString("base64")}`,
      );
    },
  );
});
