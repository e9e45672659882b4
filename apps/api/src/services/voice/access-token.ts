import twilio from "twilio";
import type { Db } from "@ringflow/db";
import type { ApiConfig } from "../../config.ts";
import { ensureApiKey, ensureTwimlApp, voiceAccountOf } from "./twilio-voice-setup.ts";

/**
 * A Twilio Access Token with a Voice grant for one browser phone identity, signed with the workspace's API
 * key: it may take calls to that identity and call out through the workspace's TwiML App. Lasts the
 * account's configured lifetime (the desktop refreshes it on `tokenWillExpire`).
 */
export async function createVoiceToken(db: Db, config: ApiConfig, tenantId: string, identity: string) {
  const account = await voiceAccountOf(db, tenantId);
  const credentials = await ensureApiKey(db, config, account);
  const appSid = await ensureTwimlApp(db, config, account, credentials);
  const ttl = account.row.voiceTokenTtlSeconds;
  const token = new twilio.jwt.AccessToken(
    credentials.accountSid,
    credentials.apiKeySid!,
    credentials.apiKeySecret!,
    {
      identity,
      ttl,
    },
  );
  token.addGrant(
    new twilio.jwt.AccessToken.VoiceGrant({ outgoingApplicationSid: appSid, incomingAllow: true }),
  );
  return { token: token.toJwt(), identity, ttlSeconds: ttl, expiresAt: new Date(Date.now() + ttl * 1000) };
}

/** How long the workspace's Access Tokens last, in seconds (Twilio allows up to 24 hours). */
export async function setVoiceTokenLifetime(db: Db, tenantId: string, ttlSeconds: number) {
  const account = await voiceAccountOf(db, tenantId);
  await db.providerAccount.update({
    where: { id: account.row.id, tenantId },
    data: { voiceTokenTtlSeconds: ttlSeconds },
  });
  return { ttlSeconds };
}
