import type { Db } from "@ringflow/db";
import { providerSupportOf, providerSupportProblems, type FlowDocument } from "@ringflow/flow-schema";
import type { ApiConfig } from "../../config.ts";
import { apiError, notFound } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import { carrierNumbers, pointCarrierNumber } from "../providers/carrier-numbers.ts";
import { findProvider } from "../providers/providers.ts";
import { isUniqueViolation } from "../tenants/workspaces.ts";

const numberView = {
  id: true,
  e164: true,
  friendlyName: true,
  providerSid: true,
  createdAt: true,
  providerAccount: { select: { id: true, kind: true, name: true } },
  binding: {
    select: {
      flow: { select: { id: true, name: true, liveVersion: { select: { number: true } } } },
      pinnedVersion: { select: { id: true, number: true } },
      updatedAt: true,
    },
  },
} as const;

export async function listNumbers(db: Db, tenantId: string) {
  return db.phoneNumber.findMany({ where: { tenantId }, orderBy: { e164: "asc" }, select: numberView });
}

export async function findNumber(db: Db, tenantId: string, ref: { id?: string; e164?: string }) {
  const number = await db.phoneNumber.findFirst({
    where: ref.id ? { id: ref.id, tenantId } : { e164: ref.e164 ?? "", tenantId },
    include: { providerAccount: true, binding: true },
  });
  if (!number) throw notFound("Phone number");
  return number;
}

export async function addNumber(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: {
    e164: string;
    friendlyName?: string | undefined;
    providerAccountId?: string | undefined;
    providerSid?: string | undefined;
  },
) {
  const provider = input.providerAccountId ? await findProvider(db, tenantId, input.providerAccountId) : null;
  if (!isE164(input.e164) && provider?.kind !== "ASTERISK")
    throw apiError(
      "BAD_REQUEST",
      `${input.e164} is an extension, and only an Asterisk server has extensions: choose the Asterisk server the calls arrive through, or write a phone number with a + and its country code, like +14155550100.`,
    );
  try {
    return await db.$transaction(async (tx) => {
      const number = await tx.phoneNumber.create({
        data: {
          tenantId,
          e164: input.e164,
          friendlyName: input.friendlyName ?? null,
          providerAccountId: input.providerAccountId ?? null,
          providerSid: input.providerSid ?? null,
        },
        select: numberView,
      });
      await recordAudit(tx, tenantId, actor, {
        action: "number.add",
        targetType: "number",
        targetId: number.id,
        data: { e164: number.e164 },
      });
      return number;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw apiError("CONFLICT", `${input.e164} is already in this workspace.`);
    throw error;
  }
}

const isE164 = (number: string) => number.startsWith("+");

export async function removeNumber(db: Db, tenantId: string, actor: Actor, id: string) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.phoneNumber.deleteMany({ where: { id, tenantId } });
    if (!count) throw notFound("Phone number");
    await recordAudit(tx, tenantId, actor, { action: "number.remove", targetType: "number", targetId: id });
  });
}

/** The numbers of a phone company account, marked when they are already in the workspace. */
export async function listProviderNumbers(
  db: Db,
  tenantId: string,
  config: ApiConfig,
  providerAccountId: string,
) {
  const numbers = await carrierNumbers(db, tenantId, config, providerAccountId);
  const known = await db.phoneNumber.findMany({
    where: { tenantId, e164: { in: numbers.map((n) => n.e164) } },
    select: { e164: true },
  });
  const added = new Set(known.map((n) => n.e164));
  return numbers.map((number) => ({ ...number, added: added.has(number.e164) }));
}

/** Adds the chosen numbers of a phone company account (by E.164), with their ids there, skipping ones already added. */
export async function importProviderNumbers(
  db: Db,
  tenantId: string,
  actor: Actor,
  config: ApiConfig,
  input: { providerAccountId: string; e164s: string[] },
) {
  const available = await listProviderNumbers(db, tenantId, config, input.providerAccountId);
  const byE164 = new Map(available.map((n) => [n.e164, n]));
  const missing = input.e164s.filter((e164) => !byE164.has(e164));
  if (missing.length) throw apiError("NOT_FOUND", `Not among this account's numbers: ${missing.join(", ")}.`);
  const added = [];
  for (const e164 of input.e164s) {
    const number = byE164.get(e164)!;
    if (number.added) continue;
    added.push(
      await addNumber(db, tenantId, actor, {
        e164,
        friendlyName: number.friendlyName,
        providerAccountId: input.providerAccountId,
        providerSid: number.sid,
      }),
    );
  }
  return added;
}

/**
 * Binds a number to a flow: its live version, or pinned to one version (a staging number). A Twilio
 * number's voice URL and status callback are pointed at the runtime first; if Twilio refuses, nothing changes.
 */
export async function bindNumber(
  db: Db,
  tenantId: string,
  actor: Actor,
  config: ApiConfig,
  input: { phoneNumberId: string; flowId: string; pinnedVersionNumber?: number | undefined },
) {
  const number = await findNumber(db, tenantId, { id: input.phoneNumberId });
  const flow = await db.flow.findFirst({
    where: { id: input.flowId, tenantId },
    select: { id: true, name: true, status: true, liveVersionId: true },
  });
  if (!flow) throw notFound("Flow");
  if (flow.status === "ARCHIVED")
    throw apiError("PRECONDITION_FAILED", "This flow is archived; restore it first.");
  let pinnedVersionId: string | null = null;
  if (input.pinnedVersionNumber !== undefined) {
    const version = await db.flowVersion.findFirst({
      where: { tenantId, flowId: flow.id, number: input.pinnedVersionNumber },
      select: { id: true },
    });
    if (!version) throw notFound(`Version ${input.pinnedVersionNumber} of this flow`);
    pinnedVersionId = version.id;
  } else if (!flow.liveVersionId) {
    throw apiError("PRECONDITION_FAILED", `Publish "${flow.name}" before binding a number to it.`);
  }
  const warnings = await providerWarnings(
    db,
    tenantId,
    pinnedVersionId ?? flow.liveVersionId,
    number.providerAccount,
  );

  const kind = number.providerAccount?.kind;
  if (number.providerAccount && (kind === "TWILIO" || kind === "SIGNALWIRE" || kind === "TELNYX")) {
    const sid = await pointCarrierNumber(db, tenantId, config, {
      e164: number.e164,
      providerSid: number.providerSid,
      providerAccountId: number.providerAccount.id,
    });
    if (!number.providerSid)
      await db.phoneNumber.update({ where: { id: number.id, tenantId }, data: { providerSid: sid } });
  }

  return db.$transaction(async (tx) => {
    await tx.numberBinding.upsert({
      where: { phoneNumberId: number.id, tenantId },
      create: { tenantId, phoneNumberId: number.id, flowId: flow.id, pinnedVersionId },
      update: { flowId: flow.id, pinnedVersionId },
    });
    await recordAudit(tx, tenantId, actor, {
      action: "number.bind",
      targetType: "number",
      targetId: number.id,
      data: {
        e164: number.e164,
        flowId: flow.id,
        pinnedVersion: input.pinnedVersionNumber ?? null,
        previousFlowId: number.binding?.flowId ?? null,
      },
    });
    const bound = await tx.phoneNumber.findFirstOrThrow({
      where: { id: number.id, tenantId },
      select: numberView,
    });
    return { ...bound, warnings };
  });
}

/**
 * Blocks of the version a number will answer with that its provider cannot carry out, in words (the adapters'
 * command tables declare them; see PROVIDER_UNSUPPORTED).
 */
async function providerWarnings(
  db: Db,
  tenantId: string,
  versionId: string | null,
  provider: { kind: string; name: string } | null,
): Promise<string[]> {
  const support = provider && providerSupportOf(provider);
  if (!versionId || !support) return [];
  const version = await db.flowVersion.findFirst({
    where: { id: versionId, tenantId },
    select: { document: true },
  });
  if (!version) return [];
  return providerSupportProblems(version.document as FlowDocument, support).map((problem) => problem.message);
}

export async function unbindNumber(db: Db, tenantId: string, actor: Actor, phoneNumberId: string) {
  await db.$transaction(async (tx) => {
    const binding = await tx.numberBinding.findFirst({ where: { phoneNumberId, tenantId } });
    if (!binding) throw notFound("Binding of this number");
    await tx.numberBinding.delete({ where: { id: binding.id, tenantId } });
    await recordAudit(tx, tenantId, actor, {
      action: "number.unbind",
      targetType: "number",
      targetId: phoneNumberId,
      data: { flowId: binding.flowId },
    });
  });
}
