import { openCredentials, sealCredentials, type Db, type ProviderAccountModel } from "@ringflow/db";
import type { ApiConfig } from "../../config.ts";
import { apiError, notFound } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import { isUniqueViolation } from "../tenants/workspaces.ts";
import type { Redis } from "@ringflow/platform";
import { fetchAsteriskInfo, visibleBrowserPhones, type AsteriskCredentials } from "./asterisk.ts";
import { asteriskConnections } from "./asterisk-connection.ts";
import {
  describeTwilioError,
  fetchTwilioAccount,
  verifyTwilioCredentials,
  type TwilioCredentials,
} from "./twilio.ts";

export type ProviderInput =
  | { kind: "TWILIO"; name: string; twilio: TwilioCredentials }
  | { kind: "ASTERISK"; name: string; asterisk: AsteriskCredentials };

type StoredCredentials = TwilioCredentials | AsteriskCredentials;

const DEMO_HAS_NO_SETTINGS =
  "The demo numbers need no phone company: they bind at once and answer test calls, never real ones.";

/** The opened credentials, or null when the key that sealed them is not in RINGFLOW_SECRET_KEYS any more. */
function readableCredentials(row: ProviderAccountModel): StoredCredentials | null {
  try {
    return openCredentials<StoredCredentials>(row);
  } catch {
    return null;
  }
}

/** The opened credentials; a clear PRECONDITION_FAILED when they cannot be read. */
export function credentialsFor<T extends StoredCredentials>(row: ProviderAccountModel): T {
  const credentials = readableCredentials(row);
  if (!credentials)
    throw apiError(
      "PRECONDITION_FAILED",
      `The credentials of "${row.name}" cannot be read (their key left RINGFLOW_SECRET_KEYS); enter them again under Providers.`,
    );
  return credentials as T;
}

/** The non-secret settings of an account; null when its credentials cannot be read. */
function visibleSettings(row: ProviderAccountModel) {
  const credentials = readableCredentials(row);
  if (!credentials) return null;
  if (row.kind === "DEMO") return {};
  if (row.kind === "TWILIO") {
    const twilio = credentials as TwilioCredentials;
    return { accountSid: twilio.accountSid, apiKeySid: twilio.apiKeySid ?? null };
  }
  const asterisk = credentials as AsteriskCredentials;
  return {
    ariUrl: asterisk.ariUrl,
    username: asterisk.username,
    applicationName: asterisk.applicationName,
    ...(asterisk.browserPhones ? { browserPhones: visibleBrowserPhones(asterisk.browserPhones) } : {}),
  };
}

/** What a client may see of an account: identifiers and test results, never a secret. */
export function publicProvider(row: ProviderAccountModel) {
  const settings = visibleSettings(row);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    externalId: row.externalId,
    settings,
    /** False when the key that sealed the credentials is gone: enter them again. */
    credentialsReadable: settings !== null,
    lastTestedAt: row.lastTestedAt,
    lastTestOk: row.lastTestOk,
    lastTestMessage: row.lastTestMessage,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const externalIdOf = (input: ProviderInput) =>
  input.kind === "TWILIO" ? input.twilio.accountSid : input.asterisk.applicationName;

const credentialsOf = (input: ProviderInput) => (input.kind === "TWILIO" ? input.twilio : input.asterisk);

/**
 * Reached only after Twilio accepted the caller's credentials: they hold the account, so they may learn
 * that it is connected, and whether here, but never to which other workspace.
 */
async function alreadyConnected(db: Db, tenantId: string, input: ProviderInput): Promise<never> {
  if (input.kind === "ASTERISK")
    throw apiError(
      "CONFLICT",
      `The ARI application "${input.asterisk.applicationName}" is already used by a Ringflow workspace; choose another name.`,
    );
  const here = await db.providerAccount.findFirst({
    where: { tenantId, kind: "TWILIO", externalId: input.twilio.accountSid },
    select: { name: true },
  });
  throw apiError(
    "CONFLICT",
    here
      ? `This Twilio account is already connected to this workspace as "${here.name}".`
      : "This Twilio account is connected to another Ringflow workspace. Disconnect it there first (under Providers), or ask Ringflow support to move it if nobody in your company can.",
  );
}

/** Twilio credentials are stored only once Twilio accepts them (no connecting an account one does not hold). */
async function verified(input: ProviderInput, config: Pick<ApiConfig, "twilioApiBaseUrl">) {
  if (input.kind === "TWILIO") await verifyTwilioCredentials(input.twilio, config.twilioApiBaseUrl);
}

export async function findProvider(db: Db, tenantId: string, id: string) {
  const row = await db.providerAccount.findFirst({ where: { id, tenantId } });
  if (!row) throw notFound("Provider account");
  return row;
}

/** The workspace's accounts, each Asterisk one with its live connection state (null for other kinds). */
export async function listProviders(db: Db, redis: Redis, tenantId: string) {
  const rows = await db.providerAccount.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } });
  const connections = await asteriskConnections(db, redis, tenantId, rows);
  return rows.map((row) => ({ ...publicProvider(row), connection: connections.get(row.id) ?? null }));
}

export async function createProvider(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: ProviderInput,
  config: Pick<ApiConfig, "twilioApiBaseUrl">,
) {
  await verified(input, config);
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.providerAccount.create({
        data: {
          tenantId,
          kind: input.kind,
          name: input.name,
          externalId: externalIdOf(input),
          ...sealCredentials(tenantId, input.kind, credentialsOf(input)),
        },
      });
      await recordAudit(tx, tenantId, actor, {
        action: "provider.create",
        targetType: "provider",
        targetId: row.id,
        data: { kind: row.kind, name: row.name, externalId: row.externalId },
      });
      return publicProvider(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) await alreadyConnected(db, tenantId, input);
    throw error;
  }
}

/** Secrets left out of an update keep their stored value, so the form never needs to show them. */
export async function updateProvider(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: {
    id: string;
    name?: string | undefined;
    twilio?: Partial<TwilioCredentials> | undefined;
    asterisk?: Partial<AsteriskCredentials> | undefined;
  },
  config: Pick<ApiConfig, "twilioApiBaseUrl">,
) {
  const row = await findProvider(db, tenantId, input.id);
  if (row.kind === "DEMO") throw apiError("BAD_REQUEST", DEMO_HAS_NO_SETTINGS);
  const changes = row.kind === "TWILIO" ? input.twilio : input.asterisk;
  if ((row.kind === "TWILIO" ? input.asterisk : input.twilio) !== undefined)
    throw apiError(
      "BAD_REQUEST",
      `This is a ${row.kind.toLowerCase()} account; send ${row.kind.toLowerCase()} settings.`,
    );
  const merged = { ...readableCredentials(row), ...stripUndefined(changes ?? {}) } as StoredCredentials;
  const required =
    row.kind === "TWILIO"
      ? ["accountSid", "authToken"]
      : ["ariUrl", "username", "password", "applicationName"];
  const missing = required.filter((field) => !(merged as unknown as Record<string, unknown>)[field]);
  if (missing.length)
    throw apiError(
      "BAD_REQUEST",
      `The stored credentials cannot be read (their key left RINGFLOW_SECRET_KEYS); enter them again: ${missing.join(", ")}.`,
    );
  const next = (
    row.kind === "TWILIO"
      ? { kind: "TWILIO", name: input.name ?? row.name, twilio: merged }
      : { kind: "ASTERISK", name: input.name ?? row.name, asterisk: merged }
  ) as ProviderInput;
  if (Object.keys(stripUndefined(changes ?? {})).length) await verified(next, config);
  try {
    return await db.$transaction(async (tx) => {
      const updated = await tx.providerAccount.update({
        where: { id: row.id, tenantId },
        data: {
          name: next.name,
          externalId: externalIdOf(next),
          ...sealCredentials(tenantId, row.kind, merged),
          ...(changes ? { lastTestedAt: null, lastTestOk: null, lastTestMessage: null } : {}),
        },
      });
      await recordAudit(tx, tenantId, actor, {
        action: "provider.update",
        targetType: "provider",
        targetId: row.id,
        // Which fields changed, never their values.
        data: { name: next.name, changed: Object.keys(stripUndefined(changes ?? {})) },
      });
      return publicProvider(updated);
    });
  } catch (error) {
    if (isUniqueViolation(error)) await alreadyConnected(db, tenantId, next);
    throw error;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== ""),
  ) as Partial<T>;
}

export async function deleteProvider(db: Db, tenantId: string, actor: Actor, id: string) {
  await db.$transaction(async (tx) => {
    const row = await tx.providerAccount.findFirst({ where: { id, tenantId } });
    if (!row) throw notFound("Provider account");
    await tx.providerAccount.delete({ where: { id, tenantId } });
    await recordAudit(tx, tenantId, actor, {
      action: "provider.delete",
      targetType: "provider",
      targetId: id,
      data: { kind: row.kind, name: row.name },
    });
  });
}

/** "Test connection": asks the provider who we are; the answer (or its error, verbatim) is kept on the row. */
export async function testProvider(
  db: Db,
  tenantId: string,
  id: string,
  config: Pick<ApiConfig, "twilioApiBaseUrl" | "pbxAllowNetworks"> = {},
) {
  const row = await findProvider(db, tenantId, id);
  const credentials = credentialsFor(row);
  let result: { ok: boolean; message: string };
  if (row.kind === "DEMO") {
    result = { ok: true, message: DEMO_HAS_NO_SETTINGS };
  } else if (row.kind === "TWILIO") {
    try {
      const account = await fetchTwilioAccount(credentials as TwilioCredentials, config.twilioApiBaseUrl);
      result = {
        ok: true,
        message: `Connected to the Twilio account "${account.friendlyName}" (${account.status}).`,
      };
    } catch (error) {
      result = { ok: false, message: describeTwilioError(error) };
    }
  } else {
    result = await fetchAsteriskInfo(credentials as AsteriskCredentials, {
      allowNetworks: config.pbxAllowNetworks ?? [],
    });
  }
  await db.providerAccount.update({
    where: { id, tenantId },
    data: { lastTestedAt: new Date(), lastTestOk: result.ok, lastTestMessage: result.message.slice(0, 1000) },
  });
  return result;
}

/** The opened credentials of a Twilio account of the tenant, for REST calls. */
export async function twilioCredentialsOf(db: Db, tenantId: string, providerAccountId: string) {
  const row = await findProvider(db, tenantId, providerAccountId);
  if (row.kind !== "TWILIO") throw apiError("BAD_REQUEST", "This provider account is not a Twilio account.");
  return { row, credentials: credentialsFor<TwilioCredentials>(row) };
}
