import { sealCredentials, type Db } from "@ringflow/db";
import type { ApiConfig } from "../../config.ts";
import { apiError } from "../../errors.ts";
import { twilioCredentialsOf } from "../providers/providers.ts";
import { callTwilio, twilioClient, type TwilioCredentials } from "../providers/twilio.ts";

/** The Twilio account the workspace's browser phones use: its first one. */
export async function voiceAccountOf(db: Db, tenantId: string) {
  const account = await db.providerAccount.findFirst({
    where: { tenantId, kind: "TWILIO" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  if (!account)
    throw apiError("PRECONDITION_FAILED", "Add a Twilio account under Providers to use the browser phone.");
  return twilioCredentialsOf(db, tenantId, account.id);
}

type Account = Awaited<ReturnType<typeof voiceAccountOf>>;

/**
 * The account's API key, which signs Access Tokens: the one the tenant gave, else one created through
 * Twilio's Keys API with the auth token and stored sealed with the other credentials. When two requests
 * create one at once, the first stored wins and the other's key is deleted at Twilio.
 */
export async function ensureApiKey(db: Db, config: ApiConfig, { row, credentials }: Account) {
  if (credentials.apiKeySid && credentials.apiKeySecret) return credentials;
  const byToken = { accountSid: credentials.accountSid, authToken: credentials.authToken };
  const client = twilioClient(byToken, config.twilioApiBaseUrl);
  const key = await callTwilio("Creating an API key at Twilio for the browser phone", () =>
    client.newKeys.create({ friendlyName: "Ringflow agent desktop" }),
  );
  const withKey: TwilioCredentials = { ...credentials, apiKeySid: key.sid, apiKeySecret: key.secret };
  const stored = await db.providerAccount.updateMany({
    where: { id: row.id, tenantId: row.tenantId, credentials: row.credentials },
    data: sealCredentials(row.tenantId, "TWILIO", withKey),
  });
  if (stored.count === 1) return withKey;
  await client
    .keys(key.sid)
    .remove()
    .catch(() => false);
  const winner = await twilioCredentialsOf(db, row.tenantId, row.id);
  if (!winner.credentials.apiKeySid)
    throw apiError("CONFLICT", "The Twilio account changed meanwhile; try again.");
  return winner.credentials;
}

const isNotFound = (error: unknown) => (error as { status?: number } | null)?.status === 404;

/**
 * The workspace's TwiML App, which browser phones call out through: created when missing (or deleted at
 * Twilio), its voice URL rewritten when the runtime's public address changed.
 */
export async function ensureTwimlApp(
  db: Db,
  config: ApiConfig,
  { row }: Account,
  credentials: TwilioCredentials,
) {
  const voiceUrl = `${config.runtimePublicUrl}/twilio/voice`;
  const settings = {
    voiceUrl,
    voiceMethod: "POST",
    statusCallback: `${config.runtimePublicUrl}/twilio/status`,
    statusCallbackMethod: "POST",
  };
  const client = twilioClient(credentials, config.twilioApiBaseUrl);
  if (row.twimlAppSid && row.twimlAppVoiceUrl === voiceUrl) return row.twimlAppSid;
  if (row.twimlAppSid) {
    const updated = await client
      .applications(row.twimlAppSid)
      .update(settings)
      .catch((error: unknown) => {
        if (isNotFound(error)) return null;
        throw apiError("BAD_GATEWAY", `Updating the browser phone's TwiML App at Twilio failed.`);
      });
    if (updated) {
      await db.providerAccount.update({
        where: { id: row.id, tenantId: row.tenantId },
        data: { twimlAppVoiceUrl: voiceUrl },
      });
      return updated.sid;
    }
  }
  const app = await callTwilio("Creating the browser phone's TwiML App at Twilio", () =>
    client.applications.create({ friendlyName: "Ringflow agent desktop", ...settings }),
  );
  await db.providerAccount.update({
    where: { id: row.id, tenantId: row.tenantId },
    data: { twimlAppSid: app.sid, twimlAppVoiceUrl: voiceUrl },
  });
  return app.sid;
}
