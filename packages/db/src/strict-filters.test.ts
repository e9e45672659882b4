import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "./client.ts";
import { UndefinedFilterError } from "./strict-filters.ts";
import { testDatabaseUrl } from "./testing.ts";

describe("strict filters", () => {
  const db = createDb(testDatabaseUrl(), { max: 2 });
  afterAll(() => db.$disconnect());

  it("refuses a filter that holds undefined, at any depth", async () => {
    const missingTenant: string | undefined = undefined;
    await expect(db.flow.findMany({ where: { tenantId: missingTenant } })).rejects.toThrow(
      UndefinedFilterError,
    );
    await expect(
      db.flow.findFirst({ where: { AND: [{ tenantId: "x" }, { name: undefined }] } }),
    ).rejects.toThrow(/where\.AND\[1\]\.name/);
    await expect(db.call.deleteMany({ where: { tenantId: missingTenant } })).rejects.toThrow(
      UndefinedFilterError,
    );
  });

  it("lets complete filters through to the real database", async () => {
    const tenant = await db.tenant.create({ data: { name: "Strict", slug: `strict-${Date.now()}` } });
    const found = await db.tenant.findMany({ where: { id: tenant.id } });
    expect(found.map((t) => t.slug)).toEqual([tenant.slug]);
    await db.tenant.delete({ where: { id: tenant.id } });
  });
});
