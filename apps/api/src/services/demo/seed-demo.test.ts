import { afterAll, describe, expect, it } from "vitest";
import { createDb, openCredentials } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { validateFlow, flowDocumentSchema } from "@ringflow/flow-schema";
import { verifyPassword } from "../auth/password.ts";

import { DEMO, seedDemo } from "./seed-demo.ts";

describe("seedDemo", () => {
  const db = createDb(testDatabaseUrl(), { max: 2 });
  afterAll(() => db.$disconnect());

  it("creates a signed-in-able owner, a published valid flow and a bound number, once", async () => {
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
    const account = number.providerAccount!;
    expect(account.credentials).not.toContain(DEMO.twilioAuthToken);
    expect(openCredentials<{ authToken: string }>(account).authToken).toBe(DEMO.twilioAuthToken);
  });
});
