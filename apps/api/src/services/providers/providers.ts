import { openCredentials, sealCredentials, type Db, type ProviderAccountModel } from "@ringflow/db";
import { apiError, notFound } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import { isUniqueViolation } from "../tenants/workspaces.ts";
import { ProviderHealth, type Redis } from "@ringflow/platform";
import { visibleBrowserPhones, type AsteriskCredentials } from "./asterisk.ts";
import { asteriskAppTaken, assertAsteriskAppFree } from "./asterisk-app-name.ts";
import { asteriskConnections } from "./asterisk-connection.ts";
import { kindRules, type ConnectedKind, type CredentialsByKind, type KindConfig } from "./provider-kinds.ts";
import type { TwilioCredentials } from "./twilio.ts";

export type ProviderInput =
  | { kind: "TWILIO"; name: string; twilio: CredentialsByKind["TWILIO"] }
  | { kind: "ASTERISK"; name: string; asterisk: CredentialsByKind["ASTERISK"] }
  | { kind: "SIGNALWIRE"; name: string; signalwire: CredentialsByKind["SIGNALWIRE"] }
  | { kind: "TELNYX"; name: string; telnyx: CredentialsByKind["TELNYX"] };

type StoredCredentials = CredentialsByKind[ConnectedKind];

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
  return kindRules(row.kind).visible(credentials);
}

/** An Asterisk account's browser phone settings as a client may see them; null for others or when off. */
function visiblePhones(row: ProviderAccountModel) {
  if (row.kind !== "ASTERISK") return null;
  const phones = (readableCredentials(row) as AsteriskCredentials | null)?.browserPhones;
  return phones ? visibleBrowserPhones(phones) : null;
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
    browserPhones: visiblePhones(row),
    failoverAccountId: row.failoverAccountId,
    /** False when the key that sealed the credentials is gone: enter them again. */
    credentialsReadable: settings !== null,
    lastTestedAt: row.lastTestedAt,
    lastTestOk: row.lastTestOk,
    lastTestMessage: row.lastTestMessage,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const credentialsOf = (input: ProviderInput): StoredCredentials =>
  (input as unknown as Record<string, StoredCredentials>)[kindRules(input.kind).field] as StoredCredentials;

const externalIdOf = (input: ProviderInput) => kindRules(input.kind).externalId(credentialsOf(input));

/**
 * Reached only after Twilio accepted the caller's credentials: they hold the account, so they may learn
 * that it is connected, and whether here, but never to which other workspace.
 */
async function alreadyConnected(
  db: Db,
  tenantId: string,
  input: ProviderInput,
  exceptId?: string,
): Promise<never> {
  if (input.kind === "ASTERISK") {
    await assertAsteriskAppFree(db, tenantId, input.asterisk, exceptId);
    // Gone again since the insert was refused: the name was taken a moment ago.
    throw apiError("CONFLICT", asteriskAppTaken(input.asterisk.applicationName, null));
  }
  const { label } = kindRules(input.kind);
  const here = await db.providerAccount.findFirst({
    where: { tenantId, kind: input.kind, externalId: externalIdOf(input) },
    select: { name: true },
  });
  throw apiError(
    "CONFLICT",
    here
      ? `This ${label} account is already connected to this workspace as "${here.name}".`
      : `This ${label} account is connected to another Ringflow workspace. Disconnect it there first (under Providers), or ask Ringflow support to move it if nobody in your company can.`,
  );
}

/** Carriers' credentials are stored only once the carrier accepts them (no connecting an account one does not hold). */
async function verified(input: ProviderInput, config: KindConfig) {
  await kindRules(input.kind).verify?.(credentialsOf(input), config);
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
  const health = new ProviderHealth(redis);
  const reports = await Promise.all(rows.map((row) => health.report(row.id)));
  return rows.map((row, index) => ({
    ...publicProvider(row),
    connection: connections.get(row.id) ?? null,
    /** REST requests and webhooks of the last minute: up, degraded (some failed) or down (skipped for outbound). */
    health: reports[index],
  }));
}

export async function createProvider(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: ProviderInput,
  config: KindConfig,
) {
  await verified(input, config);
  if (input.kind === "ASTERISK") await assertAsteriskAppFree(db, tenantId, input.asterisk);
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
    failoverAccountId?: string | null | undefined;
  } & { [F in "twilio" | "asterisk" | "signalwire" | "telnyx"]?: Record<string, unknown> | undefined },
  config: KindConfig,
) {
  const row = await findProvider(db, tenantId, input.id);
  if (row.kind === "DEMO") throw apiError("BAD_REQUEST", DEMO_HAS_NO_SETTINGS);
  const rules = kindRules(row.kind);
  const changes = input[rules.field];
  const foreign = (["twilio", "asterisk", "signalwire", "telnyx"] as const).find(
    (field) => field !== rules.field && input[field] !== undefined,
  );
  if (foreign)
    throw apiError("BAD_REQUEST", `This is a ${rules.label} account; send ${rules.label} settings.`);
  if (input.failoverAccountId) await checkFailover(db, tenantId, row.id, input.failoverAccountId);
  const merged = { ...readableCredentials(row), ...stripUndefined(changes ?? {}) } as StoredCredentials;
  const missing = rules.required.filter((field) => !(merged as unknown as Record<string, unknown>)[field]);
  if (missing.length)
    throw apiError(
      "BAD_REQUEST",
      `The stored credentials cannot be read (their key left RINGFLOW_SECRET_KEYS); enter them again: ${missing.join(", ")}.`,
    );
  const next = {
    kind: row.kind,
    name: input.name ?? row.name,
    [rules.field]: merged,
  } as unknown as ProviderInput;
  if (Object.keys(stripUndefined(changes ?? {})).length) await verified(next, config);
  if (next.kind === "ASTERISK") await assertAsteriskAppFree(db, tenantId, next.asterisk, row.id);
  try {
    return await db.$transaction(async (tx) => {
      const updated = await tx.providerAccount.update({
        where: { id: row.id, tenantId },
        data: {
          name: next.name,
          externalId: externalIdOf(next),
          ...sealCredentials(tenantId, row.kind, merged),
          ...(changes ? { lastTestedAt: null, lastTestOk: null, lastTestMessage: null } : {}),
          ...(input.failoverAccountId !== undefined ? { failoverAccountId: input.failoverAccountId } : {}),
        },
      });
      await recordAudit(tx, tenantId, actor, {
        action: "provider.update",
        targetType: "provider",
        targetId: row.id,
        // Which fields changed, never their values.
        data: {
          name: next.name,
          changed: Object.keys(stripUndefined(changes ?? {})),
          ...(input.failoverAccountId !== undefined ? { failoverAccountId: input.failoverAccountId } : {}),
        },
      });
      return publicProvider(updated);
    });
  } catch (error) {
    if (isUniqueViolation(error)) await alreadyConnected(db, tenantId, next, row.id);
    throw error;
  }
}

/** A failover account is another carrier account of the same workspace that can place calls. */
async function checkFailover(db: Db, tenantId: string, id: string, failoverAccountId: string) {
  if (failoverAccountId === id) throw apiError("BAD_REQUEST", "An account cannot be its own backup.");
  const other = await db.providerAccount.findFirst({ where: { id: failoverAccountId, tenantId } });
  if (!other) throw notFound("Backup provider account");
  if (other.kind === "ASTERISK" || other.kind === "DEMO")
    throw apiError(
      "BAD_REQUEST",
      "The backup must be a phone company account (Twilio, SignalWire or Telnyx).",
    );
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

/**
 * "Test connection": asks the provider who we are; the answer (or its error, verbatim) is kept on the row.
 * A success is also the probe that lifts a "down" mark.
 */
export async function testProvider(
  db: Db,
  tenantId: string,
  id: string,
  config: KindConfig = {},
  health?: ProviderHealth,
) {
  const row = await findProvider(db, tenantId, id);
  const credentials = credentialsFor(row);
  const result =
    row.kind === "DEMO"
      ? { ok: true, message: DEMO_HAS_NO_SETTINGS }
      : await kindRules(row.kind).test(credentials, config, { health, accountId: row.id });
  if (health && row.kind === "TWILIO" && result.ok)
    await health.record(row.id, { channel: "rest", ok: true, latencyMs: 0, probe: true });
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
