import { rolePermissions } from "@ringflow/access";
import type { Db } from "@ringflow/db";
import type { validateSessionToken } from "./sessions.ts";

type ValidSession = NonNullable<Awaited<ReturnType<typeof validateSessionToken>>>;

export async function describeSession(db: Db, found: ValidSession) {
  const memberships = await db.membership.findMany({
    where: { userId: found.user.id },
    orderBy: { createdAt: "asc" },
    select: { role: true, tenant: { select: { id: true, name: true, slug: true } } },
  });
  const active =
    memberships.find((m) => m.tenant.id === found.session.activeTenantId) ?? memberships[0] ?? null;
  return {
    user: found.user,
    memberships: memberships.map((m) => ({ ...m.tenant, role: m.role })),
    activeTenant: active?.tenant ?? null,
    role: active?.role ?? null,
    /** What the builder may offer (the API checks again on every call). */
    permissions: active ? await rolePermissions(db, active.tenant.id, active.role) : [],
    sessionExpiresAt: found.session.expiresAt,
  };
}
