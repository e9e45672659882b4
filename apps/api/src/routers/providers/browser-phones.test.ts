import { afterAll, describe, expect, it } from "vitest";
import { openCredentials } from "@ringflow/db";
import { createHarness, outcome } from "../../testing/harness.ts";

describe("browser phones on Asterisk: settings, the agents' endpoints, and what the desktop registers with", () => {
  const h = createHarness();
  afterAll(() => h.close());

  let apps = 0;
  async function setUp(label: string) {
    const ws = await h.workspace(label);
    const pbx = await ws.caller.providers.create({
      kind: "ASTERISK",
      name: "Office PBX",
      asterisk: {
        ariUrl: "http://127.0.0.1:8088/ari",
        username: "ringflow",
        password: "ari-secret",
        applicationName: `rf-${ws.slug}-${++apps}`,
      },
    });
    const member = await h.member(ws.tenantId, "AGENT");
    const agent = await h.db.agent.create({
      data: {
        tenantId: ws.tenantId,
        membershipId: member.membershipId,
        displayName: "Ana",
        extension: "1001",
      },
    });
    return { ws, pbx, member, agent };
  }

  it("turns browser phones on: the agent's registration matches the endpoint Ringflow writes for pjsip.conf", async () => {
    const { ws, pbx, member } = await setUp("sip-on");
    // Not yet on: the desktop uses Twilio.
    expect(await member.caller.desktop.sipPhone()).toBeNull();
    expect(await outcome(ws.caller.providers.browserPhoneEndpoints({ id: pbx.id }))).toBe(
      "PRECONDITION_FAILED",
    );

    const updated = await ws.caller.providers.setBrowserPhones({
      id: pbx.id,
      browserPhones: {
        wssUrl: "wss://pbx.example.com:8089/ws",
        iceServers: [
          { urls: "stun:stun.example.com:3478" },
          { urls: "turn:turn.example.com:3478", username: "ringflow", credential: "turn-secret" },
        ],
      },
    });
    expect(updated.browserPhones).toEqual({
      wssUrl: "wss://pbx.example.com:8089/ws",
      iceServers: [
        { urls: "stun:stun.example.com:3478", username: null, hasCredential: false },
        { urls: "turn:turn.example.com:3478", username: "ringflow", hasCredential: true },
      ],
    });
    const listed = JSON.stringify(await ws.caller.providers.list());
    expect(listed).not.toContain("turn-secret");

    const phone = await member.caller.desktop.sipPhone();
    expect(phone).toMatchObject({
      wssUrl: "wss://pbx.example.com:8089/ws",
      uri: "sip:1001@pbx.example.com",
      authorizationUser: "1001",
      displayName: "Ana",
      iceServers: [
        { urls: "stun:stun.example.com:3478" },
        { urls: "turn:turn.example.com:3478", username: "ringflow", credential: "turn-secret" },
      ],
    });
    expect(phone!.password).toMatch(/^[\w-]{24}$/);

    const { pjsip, agents } = await ws.caller.providers.browserPhoneEndpoints({ id: pbx.id });
    expect(agents).toBe(1);
    expect(pjsip).toContain("[1001](ringflow-webrtc)");
    expect(pjsip).toContain(`username = 1001\npassword = ${phone!.password}\n`);
    expect(pjsip).toContain("webrtc = yes");

    // Saving again without the TURN password keeps it, and the agents' passwords stay the same.
    await ws.caller.providers.setBrowserPhones({
      id: pbx.id,
      browserPhones: {
        wssUrl: "wss://pbx.example.com:8089/ws",
        iceServers: [{ urls: "turn:turn.example.com:3478", username: "ringflow" }],
      },
    });
    expect(await member.caller.desktop.sipPhone()).toMatchObject({
      password: phone!.password,
      iceServers: [{ urls: "turn:turn.example.com:3478", username: "ringflow", credential: "turn-secret" }],
    });
    // Changing the ARI password keeps browser phones as they were.
    await ws.caller.providers.update({ id: pbx.id, asterisk: { password: "new-secret" } });
    expect((await member.caller.desktop.sipPhone())?.password).toBe(phone!.password);
    const row = await h.db.providerAccount.findFirstOrThrow({ where: { id: pbx.id, tenantId: ws.tenantId } });
    expect(row.credentials).not.toContain("turn-secret");
    expect(openCredentials<{ password: string }>(row).password).toBe("new-secret");

    await ws.caller.providers.setBrowserPhones({ id: pbx.id, browserPhones: null });
    expect(await member.caller.desktop.sipPhone()).toBeNull();
  });

  it("refuses addresses that are not WSS or STUN/TURN, in words, and other workspaces' accounts", async () => {
    const { ws, pbx } = await setUp("sip-refuse");
    await expect(
      ws.caller.providers.setBrowserPhones({
        id: pbx.id,
        browserPhones: { wssUrl: "https://pbx.example.com:8089/ws", iceServers: [] },
      }),
    ).rejects.toThrow("The browser phones' address looks like wss://pbx.example.com:8089/ws.");
    await expect(
      ws.caller.providers.setBrowserPhones({
        id: pbx.id,
        browserPhones: {
          wssUrl: "wss://pbx.example.com/ws",
          iceServers: [{ urls: "http://stun.example.com" }],
        },
      }),
    ).rejects.toThrow(
      "A STUN or TURN server looks like stun:stun.example.com:3478 or turn:turn.example.com:3478.",
    );

    const other = await setUp("sip-other");
    expect(
      await outcome(
        other.ws.caller.providers.setBrowserPhones({
          id: pbx.id,
          browserPhones: { wssUrl: "wss://evil.example.com/ws", iceServers: [] },
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(await outcome(other.ws.caller.providers.browserPhoneEndpoints({ id: pbx.id }))).toBe("NOT_FOUND");
  });
});
