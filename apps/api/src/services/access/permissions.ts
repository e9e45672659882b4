import {
  FixedPermissionError,
  permissionMatrix,
  publishAccessEvent,
  setRolePermission,
  type Permission,
} from "@ringflow/access";
import type { Db, Role } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";
import { apiError } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";

export const getPermissionMatrix = (db: Db, tenantId: string) => permissionMatrix(db, tenantId);

/** One role's permission granted or withdrawn in the workspace, audited; open sockets re-check at once. */
export async function setPermission(
  deps: { db: Db; redis: Redis },
  tenantId: string,
  actor: Actor & { role: Role },
  change: { role: Role; permission: Permission; granted: boolean },
) {
  if (change.role === "OWNER" && actor.role !== "OWNER")
    throw apiError("FORBIDDEN", "Only an owner can change what the owner role may do.");
  const result = await setRolePermission(deps.db, tenantId, change).catch((error: unknown) => {
    if (error instanceof FixedPermissionError) throw apiError("PRECONDITION_FAILED", error.message);
    throw error;
  });
  if (result.previous !== change.granted)
    await recordAudit(deps.db, tenantId, actor, {
      action: "access.permission-change",
      targetType: "role",
      targetId: change.role,
      data: { permission: change.permission, granted: change.granted },
    });
  await publishAccessEvent(deps.redis, { type: "access.changed", tenantId, userId: null });
  return { role: change.role, permission: change.permission, granted: change.granted };
}
