import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ProviderHealth } from "@ringflow/platform";
import { checkAriRequest } from "@ringflow/platform/testing/ari-description";
import { startFakeAri, type FakeAri } from "@ringflow/platform/testing/fake-ari";
import { contactCenter } from "../../testing/contact-center.ts";
import { startFakeTwilio } from "../../testing/fake-twilio.ts";
import { createHarness, outcome } from "../../testing/harness.ts";
import { fakeTwilioAccount } from "../../testing/twilio-workspace.ts";

/** A port nothing listens on: a PBX that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("outbound calls on the tenant's Asterisk: the API originates them over ARI", () => {
  let ari: FakeAri;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let h: ReturnType<typeof createHarness>;
  let apps = 0;

  beforeAll(async () => {
    ari = await startFakeAri();
    twilio = await startFakeTwilio();
    h = createHarness(
      {
        pbxAllowNetworks: ["127.0.0.1"],
        twilioApiBaseUrl: twilio.url,
        runtimePublicUrl: "https://rt.example.com",
      },
      { ownRedisPrefix: true },
    );
  });
  afterEach(() => expect(ari.problems()).toEqual([]));
  afterAll(async () => {
    await h.close();
    await ari.close();
    await twilio.close();
  });

  /** A workspace with an Asterisk account (on the fake, or at `ariUrl`), its number and a published flow. */
  async function pbxWorkspace(
    options: { ariUrl?: string; outboundDialString?: string; number?: string; label?: string } = {},
  ) {
    const ws = await h.workspace(options.label ?? "pbx");
    const applicationName = `ringflow-out-${++apps}-${ws.tenantId.slice(0, 8)}`;
    const pbx = await ws.caller.providers.create({
      kind: "ASTERISK",
      name: "Office PBX",
      asterisk: {
        ariUrl: options.ariUrl ?? ari.url,
        username: ari.username,
        password: ari.password,
        applicationName,
        ...(options.outboundDialString ? { outboundDialString: options.outboundDialString } : {}),
      },
    });
    const number = options.number ?? "+14155550100";
    await ws.caller.numbers.add({ e164: number, providerAccountId: pbx.id });
    const flow = await ws.caller.flows.create({ name: "Reminder", templateId: "mainMenu" });
    await ws.caller.flows.publish({ flowId: flow.id, changelog: "v1" });
    return { ws, pbx, flow, applicationName, number };
  }

  /** A Twilio account (on the fake) of the workspace, to be the PBX's backup. */
  async function twilioBackup(ws: Awaited<ReturnType<typeof h.workspace>>, number: string) {
    const twilioAccount = fakeTwilioAccount(number);
    twilio.addAccount(twilioAccount);
    const backup = await ws.caller.providers.create({
      kind: "TWILIO",
      name: "Twilio",
      twilio: { accountSid: twilioAccount.sid, authToken: twilioAccount.authToken },
    });
    return { twilioAccount, backup };
  }

  const originates = (applicationName: string) =>
    ari.requests.filter((r) => r.operation === "channels.originateWithId" && r.query.app === applicationName);

  it("POST /channels/{call id} into the account's Stasis application through its outbound dial string; the row is the call's", async () => {
    const { ws, pbx, flow, applicationName } = await pbxWorkspace({
      outboundDialString: "PJSIP/{digits}@carrier",
    });
    expect((await ws.caller.providers.list()).find((p) => p.id === pbx.id)?.settings).toMatchObject({
      outboundDialString: "PJSIP/{digits}@carrier",
    });

    const placed = await ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" });
    const [request] = originates(applicationName);
    expect(request).toMatchObject({
      method: "POST",
      path: `/channels/${placed.callId}`,
      status: 200,
      query: {
        endpoint: "PJSIP/14155550199@carrier",
        app: applicationName,
        appArgs: `ringflow:outbound,${placed.callId}`,
        callerId: "+14155550100",
        timeout: "60",
      },
    });
    // Asterisk 22's description allows it as sent (the fake checks every request the same way).
    expect(checkAriRequest(request!).problems).toEqual([]);
    // Asterisk made the channel and rings it; the runtime runs the flow when it enters Stasis.
    expect(ari.channels().find((c) => c.id === placed.callId)?.ringing).toBe(true);

    expect(placed.callSid).toBe(placed.callId);
    const row = await h.db.call.findFirstOrThrow({ where: { id: placed.callId, tenantId: ws.tenantId } });
    expect(row).toMatchObject({
      provider: "ASTERISK",
      providerCallId: placed.callId,
      providerAccountId: pbx.id,
      flowId: flow.id,
      direction: "OUTBOUND",
      status: "QUEUED",
      fromNumber: "+14155550100",
      toNumber: "+14155550199",
      placementAttempts: [{ providerAccountId: pbx.id, provider: "ASTERISK", outcome: "placed" }],
    });
    const report = await new ProviderHealth(h.redis).report(pbx.id);
    expect(report).toMatchObject({ requests: 1, failures: 0, status: "up" });
  });

  it("without an outbound dial string, the number goes through the PBX's outbound routes (Local/<number>@from-internal)", async () => {
    const { ws, flow, applicationName } = await pbxWorkspace();
    await ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550198" });
    expect(originates(applicationName)[0]?.query.endpoint).toBe("Local/+14155550198@from-internal");
  });

  it("an outbound dial string that names no place for the number is refused in words", async () => {
    const ws = await h.workspace("bad-dial");
    const error = await ws.caller.providers
      .create({
        kind: "ASTERISK",
        name: "PBX",
        asterisk: {
          ariUrl: ari.url,
          username: ari.username,
          password: ari.password,
          applicationName: `ringflow-bad-${++apps}`,
          outboundDialString: "PJSIP/carrier",
        },
      })
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/\{number\}.*\{digits\}/);
  });

  it("the PBX refuses (503) or is down: the call goes out through the backup account, each reason in the call's log", async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const { ws, pbx, flow } = await pbxWorkspace({ ariUrl: down, label: "failover" });
    const { twilioAccount, backup } = await twilioBackup(ws, "+14155550111");

    // Alone, the PBX's refusal is the answer, in words an admin can act on.
    const alone = await ws.caller.calls
      .startOutbound({ flowId: flow.id, to: "+14155550199" })
      .catch((e: unknown) => e as Error);
    expect((alone as Error).message).toMatch(/Could not reach Asterisk at .*: the connection was refused/);
    expect(await outcome(ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" }))).toBe(
      "BAD_GATEWAY",
    );

    await ws.caller.providers.update({ id: pbx.id, failoverAccountId: backup.id });
    const placed = await ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" });
    const calls = twilio.requests.filter(
      (r) => r.path === `/2010-04-01/Accounts/${twilioAccount.sid}/Calls.json`,
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.form).toMatchObject({ To: "+14155550199", From: "+14155550100" });
    const row = await h.db.call.findFirstOrThrow({ where: { id: placed.callId, tenantId: ws.tenantId } });
    expect(row).toMatchObject({
      provider: "TWILIO",
      providerAccountId: backup.id,
      providerCallId: placed.callSid,
    });
    expect(row.placementAttempts).toEqual([
      {
        providerAccountId: pbx.id,
        provider: "ASTERISK",
        outcome: "refused",
        reason: expect.stringMatching(/^Could not reach Asterisk at .*: the connection was refused/),
      },
      { providerAccountId: backup.id, provider: "TWILIO", outcome: "placed" },
    ]);
    // Every refusal counted: the PBX is failing in the providers page's health.
    expect((await new ProviderHealth(h.redis).report(pbx.id)).failures).toBe(3);

    // Up but refusing (503 while Asterisk restarts): the same.
    await ws.caller.providers.update({ id: pbx.id, asterisk: { ariUrl: ari.url } });
    ari.refuseConnections(true);
    try {
      const again = await ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" });
      const next = await h.db.call.findFirstOrThrow({ where: { id: again.callId, tenantId: ws.tenantId } });
      expect(next.placementAttempts).toMatchObject([
        { provider: "ASTERISK", outcome: "refused", reason: expect.stringMatching(/^Asterisk answered 503/) },
        { provider: "TWILIO", outcome: "placed" },
      ]);
      // A fifth failure in the minute marks the PBX down: the next call passes it over for the backup.
      await ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" });
    } finally {
      ari.refuseConnections(false);
    }
    const health = new ProviderHealth(h.redis);
    expect(await health.isDown(pbx.id)).toBe(true);
    const skipped = await ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" });
    const skippedRow = await h.db.call.findFirstOrThrow({
      where: { id: skipped.callId, tenantId: ws.tenantId },
    });
    expect(skippedRow.placementAttempts).toMatchObject([
      { provider: "ASTERISK", outcome: "skipped" },
      { provider: "TWILIO", outcome: "placed" },
    ]);
    // "Test connection" is the probe: Asterisk answers, and outbound calls use it again.
    expect((await ws.caller.providers.testConnection({ id: pbx.id })).ok).toBe(true);
    expect(await health.isDown(pbx.id)).toBe(false);
    const back = await ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" });
    expect(back.callSid).toBe(back.callId);
  });

  it("an extension as caller ID is never handed to a phone company: the backup is passed over, with why", async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const { ws, pbx, flow } = await pbxWorkspace({ ariUrl: down, number: "1000", label: "extension" });
    const { backup } = await twilioBackup(ws, "+14155550112");
    await ws.caller.providers.update({ id: pbx.id, failoverAccountId: backup.id });
    const before = twilio.requests.length;
    expect(await outcome(ws.caller.calls.startOutbound({ flowId: flow.id, to: "+14155550199" }))).toBe(
      "BAD_GATEWAY",
    );
    expect(twilio.requests.slice(before).filter((r) => r.path.endsWith("/Calls.json"))).toEqual([]);
    const row = await h.db.call.findFirstOrThrow({
      where: { tenantId: ws.tenantId, flowId: flow.id },
      orderBy: { startedAt: "desc" },
    });
    expect(row.status).toBe("FAILED");
    expect(row.placementAttempts).toMatchObject([
      { provider: "ASTERISK", outcome: "refused" },
      { provider: "TWILIO", outcome: "skipped", reason: expect.stringMatching(/1000 is an extension/) },
    ]);
  });

  it("click-to-call: the agent's leg is originated first (their endpoint, the chosen caller ID, our call in the INVITE)", async () => {
    const cc = await contactCenter(h, "click");
    const applicationName = `ringflow-click-${++apps}`;
    const pbx = await cc.ws.caller.providers.create({
      kind: "ASTERISK",
      name: "Office PBX",
      asterisk: { ariUrl: ari.url, username: ari.username, password: ari.password, applicationName },
    });
    await cc.ws.caller.numbers.add({ e164: "+14155550100", providerAccountId: pbx.id });
    await cc.ws.caller.numbers.add({ e164: "1000", providerAccountId: pbx.id });
    const desk = cc.agentMember.caller.desktop;
    // The PBX's phone numbers are caller IDs; its extensions are not.
    expect((await desk.callerIds()).map((n) => n.e164)).toEqual(["+14155550100"]);

    const placed = await desk.placeCall({ to: "+14155550199", from: "+14155550100" });
    const [request] = originates(applicationName);
    expect(request).toMatchObject({
      path: `/channels/ringflow-click.${placed.callId}`,
      query: {
        // Ada's endpoint is a phone: it is dialled out of the PBX.
        endpoint: "Local/+15550001111@from-internal",
        appArgs: `ringflow:click,${placed.callId}`,
        callerId: "+14155550100",
      },
      body: { variables: { "PJSIP_HEADER(add,X-Ringflow-Call-Id)": placed.callId } },
    });
    expect(checkAriRequest(request!).problems).toEqual([]);
    const row = await h.db.call.findFirstOrThrow({ where: { id: placed.callId, tenantId: cc.ws.tenantId } });
    expect(row).toMatchObject({
      provider: "ASTERISK",
      providerCallId: `ringflow-click.${placed.callId}`,
      agentId: cc.agent.id,
      fromNumber: "+14155550100",
      toNumber: "+14155550199",
    });
  });
});
