import type { Db, Role } from "@ringflow/db";
import {
  isFixed,
  PERMISSIONS,
  permissionSchema,
  ROLE_DEFAULTS,
  ROLES,
  type Permission,
} from "./permissions.ts";

type Override = { role: Role; permission: string; granted: boolean };

/** A role's permissions in a tenant: the defaults with the owner's adjustments applied (no caching: they apply at once). */
function apply(role: Role, overrides: Override[]): Permission[] {
  const held = new Set<Permission>(ROLE_DEFAULTS[role]);
  for (const o of overrides) {
    const permission = permissionSchema.safeParse(o.permission);
    // A row naming a permission that no longer exists is ignored, not an error on every request.
    if (o.role !== role || !permission.success || isFixed(role, permission.data)) continue;
    if (o.granted) held.add(permission.data);
    else held.delete(permission.data);
  }
  return PERMISSIONS.filter((p) => held.has(p));
}

export async function rolePermissions(db: Db, tenantId: string, role: Role): Promise<Permission[]> {
  const overrides = await db.rolePermission.findMany({ where: { tenantId, role } });
  return apply(role, overrides);
}

/** Every role's permissions in a tenant, and which of them differ from the defaults. */
export async function permissionMatrix(db: Db, tenantId: string) {
  const overrides = await db.rolePermission.findMany({ where: { tenantId } });
  return {
    permissions: PERMISSIONS,
    roles: ROLES.map((role) => {
      const held = apply(role, overrides);
      return {
        role,
        permissions: PERMISSIONS.map((permission) => ({
          permission,
          granted: held.includes(permission),
          isDefault: held.includes(permission) === ROLE_DEFAULTS[role].includes(permission),
          fixed: isFixed(role, permission),
        })),
      };
    }),
  };
}

export class FixedPermissionError extends Error {
  constructor(role: Role, permission: Permission) {
    super(`The ${role.toLowerCase()} role always keeps ${permission}.`);
    this.name = "FixedPermissionError";
  }
}

/** Grants or withdraws one permission of one role in a tenant; back to the default removes the row. */
export async function setRolePermission(
  db: Db,
  tenantId: string,
  change: { role: Role; permission: Permission; granted: boolean },
) {
  if (isFixed(change.role, change.permission) && !change.granted)
    throw new FixedPermissionError(change.role, change.permission);
  const where = { tenantId, role: change.role, permission: change.permission };
  const previous = (await rolePermissions(db, tenantId, change.role)).includes(change.permission);
  if (ROLE_DEFAULTS[change.role].includes(change.permission) === change.granted)
    await db.rolePermission.deleteMany({ where });
  else
    await db.rolePermission.upsert({
      where: { tenantId_role_permission: where },
      create: { ...where, granted: change.granted },
      update: { granted: change.granted },
    });
  return { ...change, previous };
}

/** The tenants in which a user holds a permission (a test call may run any of their flows). */
export async function tenantsWithPermission(db: Db, userId: string, permission: Permission) {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { tenantId: true, role: true },
  });
  if (!memberships.length) return [];
  const overrides = await db.rolePermission.findMany({
    where: { tenantId: { in: memberships.map((m) => m.tenantId) }, permission },
  });
  return memberships
    .filter((m) =>
      apply(
        m.role,
        overrides.filter((o) => o.tenantId === m.tenantId),
      ).includes(permission),
    )
    .map((m) => m.tenantId);
}
