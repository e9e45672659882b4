import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "@ringflow/db/testing";
import { validateFlow, flowDocumentSchema } from "@ringflow/flow-schema";
import { runPrisma } from "../../../../../scripts/lib/prisma-cli.ts";
import { createHarness, type Harness } from "../../testing/harness.ts";
import { verifyPassword } from "../auth/password.ts";
import { createSession } from "../auth/sessions.ts";
import { DEMO, seedDemo } from "./seed-demo.ts";

describe("seedDemo", () => {
  // The demo workspace is one per deployment, and the builder's browser tests seed (and bind) it in the shared
  // database at the same time: this test has a database of its own.
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let h: Harness;
  beforeAll(async () => {
    scratch = await createScratchDatabase("seed_demo");
    await runPrisma(["migrate", "deploy"], scratch.url, { quiet: true });
    // Nothing answers on this port: a demo that called Twilio would fail here.
    h = createHarness({ twilioApiBaseUrl: "http://127.0.0.1:9" }, { databaseUrl: scratch.url });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await scratch?.drop();
  });

  it("creates a signed-in-able owner, a published valid flow and a number bound through the demo carrier, once", async () => {
    const { db } = h;
    const first = await seedDemo(db);
    const second = await seedDemo(db);
    expect(second).toEqual({ created: false, tenantId: first.tenantId });

    const tenantId = first.tenantId;
    const user = await db.user.findUniqueOrThrow({
      where: { email: DEMO.email },
      include: { memberships: true },
    });
    expect(await verifyPassword(user.passwordHash, DEMO.password)).toBe(true);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.memberships).toEqual([expect.objectContaining({ tenantId, role: "OWNER" })]);

    const flow = await db.flow.findFirstOrThrow({ where: { tenantId }, include: { liveVersion: true } });
    expect(flow.liveVersion?.number).toBe(1);
    const document = flowDocumentSchema.parse(flow.liveVersion?.document);
    expect(validateFlow(document).filter((p) => p.severity === "error")).toEqual([]);

    const number = await db.phoneNumber.findFirstOrThrow({
      where: { tenantId, e164: DEMO.number },
      include: { binding: true, providerAccount: true },
    });
    expect(number.binding?.flowId).toBe(flow.id);
    expect(number.providerAccount).toMatchObject({ kind: "DEMO", name: DEMO.providerName });
  });

  it("binds demo numbers offline, new ones too, and says the demo carrier needs no phone company", async () => {
    const { tenantId } = await seedDemo(h.db);
    const user = await h.db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    const { token } = await createSession(h.db, user.id, { activeTenantId: tenantId });
    const admin = h.caller({ sessionToken: token });

    const other = await admin.flows.create({ name: "Demo second line", templateId: "mainMenu" });
    await admin.flows.publish({ flowId: other.id, changelog: "v1" });
    const [provider] = await admin.providers.list();
    expect(provider).toMatchObject({ kind: "DEMO", name: DEMO.providerName, credentialsReadable: true });
    const demoNumber = (await admin.numbers.list()).find((n) => n.e164 === DEMO.number)!;
    const bound = await admin.numbers.bind({ phoneNumberId: demoNumber.id, flowId: other.id });
    expect(bound.binding?.flow.id).toBe(other.id);

    const added = await admin.numbers.add({ e164: "+15005550007", providerAccountId: provider!.id });
    expect((await admin.numbers.bind({ phoneNumberId: added.id, flowId: other.id })).binding?.flow.name).toBe(
      "Demo second line",
    );
    const tested = await admin.providers.testConnection({ id: provider!.id });
    expect(tested.ok).toBe(true);
    expect(tested.message).toMatch(/need no phone company/);
  });

  it("turns the made-up Twilio account of a demo seeded earlier into the demo carrier", async () => {
    const { tenantId } = await seedDemo(h.db);
    // What older versions seeded: a Twilio account with a made-up SID, which binding then called.
    await h.db.providerAccount.updateMany({
      where: { tenantId },
      data: { kind: "TWILIO", name: "Demo Twilio account", externalId: "AC00000000000000000000000000000000" },
    });
    await seedDemo(h.db);
    const accounts = await h.db.providerAccount.findMany({ where: { tenantId } });
    expect(accounts.map((a) => [a.kind, a.name])).toEqual([["DEMO", DEMO.providerName]]);
  });
});
