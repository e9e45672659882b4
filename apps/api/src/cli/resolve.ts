import type { Db } from "@ringflow/db";
import { CliError } from "./environment.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The workspace named by --tenant (slug or id), or the only one there is. */
export async function resolveTenant(db: Db, ref: string | undefined) {
  if (ref) {
    const tenant = await db.tenant.findFirst({ where: UUID.test(ref) ? { id: ref } : { slug: ref } });
    if (!tenant) throw new CliError(`No workspace "${ref}". List them with: ringflow tenant list`);
    return tenant;
  }
  const tenants = await db.tenant.findMany({ orderBy: { createdAt: "asc" }, take: 11 });
  if (tenants.length === 1) return tenants[0]!;
  if (!tenants.length) throw new CliError("There is no workspace yet. Create one with: ringflow setup");
  throw new CliError(
    `Several workspaces exist; pass --tenant <slug> (one of: ${tenants
      .slice(0, 10)
      .map((t) => t.slug)
      .join(", ")}${tenants.length > 10 ? ", …" : ""}).`,
  );
}

/** A flow of the workspace by id or by exact name. */
export async function resolveFlow(db: Db, tenantId: string, ref: string) {
  const flows = await db.flow.findMany({
    where: { tenantId, ...(UUID.test(ref) ? { id: ref } : { name: ref }) },
    select: { id: true, name: true },
  });
  if (flows.length === 1) return flows[0]!;
  if (!flows.length) throw new CliError(`No flow "${ref}" in this workspace. Give its exact name or its id.`);
  throw new CliError(
    `Several flows are named "${ref}"; give the id instead (${flows.map((f) => f.id).join(", ")}).`,
  );
}
