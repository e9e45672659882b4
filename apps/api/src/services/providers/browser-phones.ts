import { createHmac, randomBytes } from "node:crypto";
import { sealCredentials, type Db } from "@ringflow/db";
import { apiError } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import { ownAgentId, type DeskActor } from "../desktop/desk-actor.ts";
import type { AsteriskCredentials, BrowserPhones } from "./asterisk.ts";
import { credentialsFor, findProvider, publicProvider } from "./providers.ts";

/** An agent's SIP password on the PBX: the same for the desktop and for the pjsip.conf Ringflow writes. */
export function agentSipPassword(agentSecret: string, extension: string): string {
  return createHmac("sha256", agentSecret)
    .update(`ringflow sip v1\n${extension}`)
    .digest("base64url")
    .slice(0, 24);
}

/** Turns the desktop's browser phone on Asterisk on (or changes it) or off, for one Asterisk account. */
export async function setBrowserPhones(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: {
    id: string;
    browserPhones: {
      wssUrl: string;
      iceServers: { urls: string; username?: string | undefined; credential?: string | undefined }[];
    } | null;
  },
) {
  const row = await findProvider(db, tenantId, input.id);
  if (row.kind !== "ASTERISK")
    throw apiError(
      "BAD_REQUEST",
      "Browser phone settings are for Asterisk servers; on Twilio the browser phone needs none.",
    );
  const credentials = credentialsFor<AsteriskCredentials>(row);
  const previous = credentials.browserPhones;
  const next: BrowserPhones | undefined = input.browserPhones
    ? {
        wssUrl: input.browserPhones.wssUrl,
        iceServers: input.browserPhones.iceServers.map((server) => {
          const credential =
            server.credential || previous?.iceServers.find((s) => s.urls === server.urls)?.credential;
          return {
            urls: server.urls,
            ...(server.username ? { username: server.username } : {}),
            ...(credential ? { credential } : {}),
          };
        }),
        agentSecret: previous?.agentSecret ?? randomBytes(32).toString("base64url"),
      }
    : undefined;
  const { browserPhones: _dropped, ...rest } = credentials;
  return db.$transaction(async (tx) => {
    const updated = await tx.providerAccount.update({
      where: { id: row.id, tenantId },
      data: sealCredentials(tenantId, "ASTERISK", next ? { ...rest, browserPhones: next } : rest),
    });
    await recordAudit(tx, tenantId, actor, {
      action: "provider.update",
      targetType: "provider",
      targetId: row.id,
      data: { browserPhones: next ? "on" : "off", servers: next?.iceServers.length ?? 0 },
    });
    return publicProvider(updated);
  });
}

async function browserPhonesOf(db: Db, tenantId: string, id: string) {
  const row = await findProvider(db, tenantId, id);
  const phones = row.kind === "ASTERISK" ? credentialsFor<AsteriskCredentials>(row).browserPhones : undefined;
  if (!phones) throw apiError("PRECONDITION_FAILED", `Turn on browser phones for "${row.name}" first.`);
  return phones;
}

/**
 * The PJSIP endpoints of the workspace's agents for the PBX's pjsip.conf: one per agent, named after their
 * extension, with the password the desktop registers with.
 */
export async function browserPhoneEndpoints(db: Db, tenantId: string, id: string) {
  const phones = await browserPhonesOf(db, tenantId, id);
  const agents = await db.agent.findMany({
    where: { tenantId },
    orderBy: { extension: "asc" },
    select: { extension: true, displayName: true },
  });
  const section = (agent: { extension: string; displayName: string }) =>
    [
      `; ${agent.displayName.replace(/[\r\n]/g, " ")}`,
      `[${agent.extension}](ringflow-webrtc)`,
      `auth = ${agent.extension}`,
      `aors = ${agent.extension}`,
      `callerid = "${agent.displayName.replace(/["\r\n]/g, "")}" <${agent.extension}>`,
      "",
      `[${agent.extension}]`,
      "type = auth",
      "auth_type = userpass",
      `username = ${agent.extension}`,
      `password = ${agentSipPassword(phones.agentSecret, agent.extension)}`,
      "",
      `[${agent.extension}]`,
      "type = aor",
      "max_contacts = 5",
      "remove_existing = yes",
      "",
    ].join("\n");
  const template = [
    "; Ringflow's browser phones (the desktop). Paste into pjsip.conf, then: pjsip reload",
    "[ringflow-webrtc](!)",
    "type = endpoint",
    "webrtc = yes",
    "dtls_auto_generate_cert = yes",
    "context = from-agents",
    "disallow = all",
    "allow = opus,ulaw",
    "",
  ].join("\n");
  return { pjsip: [template, ...agents.map(section)].join("\n"), agents: agents.length };
}

/**
 * How the signed-in agent's browser phone registers to the workspace's Asterisk (the first Asterisk account
 * with browser phones on); null when there is none, or the person is no agent: the desktop uses Twilio then.
 */
export async function sipPhoneFor(db: Db, actor: DeskActor) {
  const agentId = await ownAgentId(db, actor);
  if (!agentId) return null;
  const agent = await db.agent.findFirst({
    where: { id: agentId, tenantId: actor.tenantId },
    select: { extension: true, displayName: true },
  });
  const rows = await db.providerAccount.findMany({
    where: { tenantId: actor.tenantId, kind: "ASTERISK" },
    orderBy: { createdAt: "asc" },
  });
  for (const row of rows) {
    let phones: BrowserPhones | undefined;
    try {
      phones = credentialsFor<AsteriskCredentials>(row).browserPhones;
    } catch {
      continue;
    }
    if (!phones || !agent) continue;
    const domain = new URL(phones.wssUrl).hostname;
    return {
      wssUrl: phones.wssUrl,
      uri: `sip:${agent.extension}@${domain}`,
      authorizationUser: agent.extension,
      password: agentSipPassword(phones.agentSecret, agent.extension),
      displayName: agent.displayName,
      iceServers: phones.iceServers.map((s) => ({
        urls: s.urls,
        ...(s.username ? { username: s.username } : {}),
        ...(s.credential ? { credential: s.credential } : {}),
      })),
    };
  }
  return null;
}
