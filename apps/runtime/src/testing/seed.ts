import { randomBytes } from "node:crypto";
import type { FlowDocument } from "@ringflow/flow-schema";
import { sealCredentials, toJson, type Db } from "@ringflow/db";

export interface SeededTenant {
  tenantId: string;
  accountSid: string;
  authToken: string;
  providerAccountId: string;
  number: string;
  phoneNumberId: string;
  flowId: string;
  versionId: string;
  /** Subflow ids by the name they were given. */
  subflows: Record<string, string>;
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** A random US number in the 555-01xx fictional range, unique enough for one test run. */
export const fictionalNumber = () =>
  `+1${200 + Math.floor(Math.random() * 700)}55501${String(Math.floor(Math.random() * 100)).padStart(2, "0")}`;

/** Publishes a flow: the flow row with its draft and version 1 as the live version. */
export async function publishFlow(db: Db, tenantId: string, document: FlowDocument, id?: string) {
  const flow = await db.flow.create({
    data: { ...(id ? { id } : {}), tenantId, name: document.name, draft: toJson(document) },
  });
  const version = await db.flowVersion.create({
    data: {
      tenantId,
      flowId: flow.id,
      number: 1,
      document: toJson(document),
      schemaVersion: document.schemaVersion,
      checksum: hex(32),
    },
  });
  await db.flow.update({ where: { id: flow.id, tenantId }, data: { liveVersionId: version.id } });
  return { flowId: flow.id, versionId: version.id };
}

/**
 * A tenant with a sealed Twilio account (unique AccountSid and token), a number bound to `document`'s live
 * version, and the given subflows published first (reference them as `subflowIds[name]` in the document).
 */
export async function seedTwilioTenant(
  db: Db,
  build: (subflowIds: Record<string, string>) => FlowDocument,
  subflowDocuments: Record<string, FlowDocument> = {},
): Promise<SeededTenant> {
  const tenant = await db.tenant.create({ data: { name: "Runtime test", slug: `rt-${hex(6)}` } });
  const tenantId = tenant.id;
  const accountSid = `AC${hex(16)}`;
  const authToken = hex(16);
  const provider = await db.providerAccount.create({
    data: {
      tenantId,
      kind: "TWILIO",
      name: "Test Twilio",
      externalId: accountSid,
      ...sealCredentials(tenantId, "TWILIO", { accountSid, authToken }),
    },
  });
  const subflows: Record<string, string> = {};
  for (const [name, doc] of Object.entries(subflowDocuments))
    subflows[name] = (await publishFlow(db, tenantId, doc)).flowId;
  const { flowId, versionId } = await publishFlow(db, tenantId, build(subflows));
  const number = fictionalNumber();
  const phone = await db.phoneNumber.create({
    data: { tenantId, providerAccountId: provider.id, e164: number },
  });
  await db.numberBinding.create({ data: { tenantId, phoneNumberId: phone.id, flowId } });
  return {
    tenantId,
    accountSid,
    authToken,
    providerAccountId: provider.id,
    number,
    phoneNumberId: phone.id,
    flowId,
    versionId,
    subflows,
  };
}

/** Polls until `check` returns a value (the log is written asynchronously). */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  ms = 10_000,
): Promise<T> {
  // The monotonic clock: the machine's wall clock may be stepped while a test waits.
  const until = performance.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > until) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
