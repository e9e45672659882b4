import { flowTemplates } from "@ringflow/flow-schema/templates";
import { sealCredentials, toJson, type Db } from "@ringflow/db";
import { hashPassword } from "../auth/password.ts";
import { documentChecksum } from "../flows/checksum.ts";

export const DEMO = {
  tenantSlug: "demo",
  tenantName: "Demo Company",
  email: "admin@demo.ringflow.test",
  password: "ringflow-demo",
  // Twilio's documented test-credential number: it can never ring a real phone.
  number: "+15005550006",
  providerName: "Demo numbers (no phone company)",
} as const;

/** The made-up Twilio account older demo workspaces were seeded with; binding its numbers called Twilio. */
const LEGACY_DEMO_TWILIO_SID = "AC00000000000000000000000000000000";

/** The demo carrier of a tenant: no credentials, nothing to call; its external id only has to be unique. */
const demoProvider = (tenantId: string) => ({
  tenantId,
  kind: "DEMO" as const,
  name: DEMO.providerName,
  externalId: `demo:${tenantId}`,
  ...sealCredentials(tenantId, "DEMO", {}),
});

/**
 * Creates the demo tenant once: an owner, a published main-menu flow and a number bound to it, through the
 * demo carrier, so the demo works offline (numbers bind without a phone company; test calls answer).
 */
export async function seedDemo(db: Db): Promise<{ created: boolean; tenantId: string }> {
  const existing = await db.tenant.findUnique({ where: { slug: DEMO.tenantSlug } });
  if (existing) {
    // A demo seeded before the demo carrier existed: its made-up Twilio account becomes the demo carrier.
    await db.providerAccount.updateMany({
      where: { tenantId: existing.id, kind: "TWILIO", externalId: LEGACY_DEMO_TWILIO_SID },
      data: demoProvider(existing.id),
    });
    return { created: false, tenantId: existing.id };
  }

  const passwordHash = await hashPassword(DEMO.password);
  const document = flowTemplates.mainMenu.build();
  return db.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({ data: { name: DEMO.tenantName, slug: DEMO.tenantSlug } });
    const user = await tx.user.upsert({
      where: { email: DEMO.email },
      create: { email: DEMO.email, name: "Demo Admin", passwordHash },
      update: {},
    });
    await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: "OWNER" } });
    const provider = await tx.providerAccount.create({ data: demoProvider(tenant.id) });
    const flow = await tx.flow.create({
      data: {
        tenantId: tenant.id,
        name: document.name,
        description: document.description,
        draft: toJson(document),
        draftUpdatedById: user.id,
      },
    });
    const version = await tx.flowVersion.create({
      data: {
        tenantId: tenant.id,
        flowId: flow.id,
        number: 1,
        document: toJson(document),
        schemaVersion: document.schemaVersion,
        changelog: "Demo flow",
        checksum: documentChecksum(document),
        createdById: user.id,
      },
    });
    await tx.flow.update({
      where: { id: flow.id, tenantId: tenant.id },
      data: { liveVersionId: version.id },
    });
    const number = await tx.phoneNumber.create({
      data: {
        tenantId: tenant.id,
        providerAccountId: provider.id,
        e164: DEMO.number,
        friendlyName: "Demo line",
      },
    });
    await tx.numberBinding.create({
      data: { tenantId: tenant.id, phoneNumberId: number.id, flowId: flow.id },
    });
    await tx.auditLog.create({
      data: {
        tenantId: tenant.id,
        actorUserId: user.id,
        action: "tenant.seed",
        targetType: "tenant",
        targetId: tenant.id,
      },
    });
    return { created: true, tenantId: tenant.id };
  });
}
