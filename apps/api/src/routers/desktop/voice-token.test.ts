import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { openCredentials } from "@ringflow/db";
import type { RecordedRequest } from "../../testing/fake-twilio.ts";
import { createHarness, outcome } from "../../testing/harness.ts";
import { requestProblems, twilioContactCenters } from "../../testing/twilio-workspace.ts";

const BIN = path.resolve(import.meta.dirname, "../../../bin/ringflow.mjs");

/** The JWT's claims, after checking its HS256 signature with the API key's secret. */
function verifiedClaims(jwt: string, secret: string) {
  const [header, payload, signature] = jwt.split(".");
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  expect(signature).toBe(expected);
  return JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as {
    iss: string;
    sub: string;
    iat: number;
    exp: number;
    grants: {
      identity: string;
      voice: { incoming: { allow: boolean }; outgoing: { application_sid: string } };
    };
  };
}

describe("browser phone Access Tokens", () => {
  const { env, center: voiceCenter } = twilioContactCenters();
  /** What the browser phone's setup asked of Twilio: API keys and TwiML Apps. */
  const voiceRequests = (cc: { requests(): RecordedRequest[] }) =>
    cc.requests().filter((r) => /\/(Keys|Applications)[/.]/.test(r.path));

  it("creates the API key and the TwiML App once, through Twilio's API, and signs a Voice grant", async () => {
    const cc = await voiceCenter("token");
    const issued = await cc.agentMember.caller.desktop.token();
    expect(voiceRequests(cc).map((r) => `${r.method} ${r.path.split("/").slice(4).join("/")}`)).toEqual([
      "POST Keys.json",
      "POST Applications.json",
    ]);
    for (const request of voiceRequests(cc)) expect(requestProblems(request)).toEqual([]);
    const [, app] = voiceRequests(cc);
    expect(app!.form).toMatchObject({
      VoiceUrl: "https://rt.example.com/twilio/voice",
      StatusCallback: "https://rt.example.com/twilio/status",
    });

    const key = cc.account.voice!.keys[0]!;
    const claims = verifiedClaims(issued.token, key.secret);
    expect(claims).toMatchObject({
      iss: key.sid,
      sub: cc.account.sid,
      grants: {
        identity: `agent-${cc.agent.id}`,
        voice: {
          incoming: { allow: true },
          outgoing: { application_sid: cc.account.voice!.applications[0]!.sid },
        },
      },
    });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(issued).toMatchObject({ identity: `agent-${cc.agent.id}`, ttlSeconds: 3600 });

    // The key is kept sealed with the account's credentials; nothing is created twice.
    const row = await env.h.db.providerAccount.findFirstOrThrow({
      where: { id: cc.provider.id, tenantId: cc.ws.tenantId },
    });
    expect(openCredentials<{ apiKeySid: string; apiKeySecret: string }>(row)).toMatchObject({
      apiKeySid: key.sid,
      apiKeySecret: key.secret,
    });
    expect(row.credentials).not.toContain(key.secret);
    await cc.supervisor.caller.desktop.token();
    expect(voiceRequests(cc)).toHaveLength(2);

    expect(await outcome(cc.agentMember.caller.desktop.setTokenLifetime({ ttlSeconds: 600 }))).toBe(
      "FORBIDDEN",
    );
    await cc.ws.caller.desktop.setTokenLifetime({ ttlSeconds: 600 });
    const short = verifiedClaims((await cc.agentMember.caller.desktop.token()).token, key.secret);
    expect(short.exp - short.iat).toBe(600);
  });

  it("points the TwiML App at the runtime's new address when it moved, and says when there is no Twilio account", async () => {
    const cc = await voiceCenter("moved");
    await cc.agentMember.caller.desktop.token();
    const moved = createHarness({
      twilioApiBaseUrl: env.twilio.url,
      runtimePublicUrl: "https://new-rt.example.com",
    });
    try {
      const { caller } = await moved.member(cc.ws.tenantId, "AGENT");
      await caller.desktop.token();
    } finally {
      await moved.close();
    }
    const update = voiceRequests(cc).at(-1)!;
    expect(update.path).toBe(
      `/2010-04-01/Accounts/${cc.account.sid}/Applications/${cc.account.voice!.applications[0]!.sid}.json`,
    );
    expect(update.form.VoiceUrl).toBe("https://new-rt.example.com/twilio/voice");
    expect(requestProblems(update)).toEqual([]);
    expect(cc.account.voice!.applications).toHaveLength(1);

    const bare = await env.h.workspace("no-twilio");
    await expect(bare.caller.desktop.token()).rejects.toThrow(
      "Add a Twilio account under Providers to use the browser phone.",
    );
  });

  it("prints one with `ringflow token <user>`", { timeout: 120_000 }, async () => {
    const cc = await voiceCenter("cli");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [BIN, "--json", "token", cc.agentMember.email, "--tenant", cc.ws.slug],
      {
        env: {
          ...process.env,
          TWILIO_API_BASE_URL: env.twilio.url,
          RUNTIME_PUBLIC_URL: "https://rt.example.com",
          LOG_LEVEL: "silent",
        },
      },
    );
    const printed = JSON.parse(stdout) as { token: string; identity: string };
    expect(printed.identity).toBe(`agent-${cc.agent.id}`);
    expect(verifiedClaims(printed.token, cc.account.voice!.keys[0]!.secret).grants.identity).toBe(
      `agent-${cc.agent.id}`,
    );
  });
});
