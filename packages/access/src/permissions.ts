import { z } from "zod";
import { Role } from "@ringflow/db";

/** Every permission a role can hold; the one list the API, the runtime and the builder name. */
export const PERMISSIONS = [
  // Reading flows also allows running them as a test call.
  "flows.read",
  "flows.edit",
  "flows.publish",
  "numbers.read",
  "numbers.manage",
  "providers.manage",
  "members.manage",
  "audit.read",
  "calls.read.all",
  "calls.read.own",
  "calls.place",
  "recordings.download",
  "recordings.delete",
  "queues.manage",
  "agents.manage",
  "desktop.use",
  "wallboard.view",
  /** API tokens and webhooks for the tenant's own systems. */
  "integrations.manage",
  "access.manage",
] as const;

export const permissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof permissionSchema>;

export const roleSchema = z.enum(Role);
export const ROLES = roleSchema.options;

const STAFF_READS = ["flows.read", "numbers.read", "calls.read.all", "calls.read.own"] as const;

/** What each role holds unless the tenant's owner changed it; reproduces the API's role table. */
export const ROLE_DEFAULTS: Record<Role, readonly Permission[]> = {
  OWNER: PERMISSIONS,
  ADMIN: PERMISSIONS.filter((p) => p !== "access.manage"),
  DESIGNER: [...STAFF_READS, "flows.edit", "flows.publish", "calls.place", "recordings.download"],
  SUPERVISOR: [...STAFF_READS, "recordings.download", "agents.manage", "desktop.use", "wallboard.view"],
  AGENT: ["calls.read.own", "desktop.use"],
};

/** Permissions no adjustment can take away: a workspace must always have someone who can fix its matrix. */
export const FIXED_GRANTS: Partial<Record<Role, readonly Permission[]>> = { OWNER: ["access.manage"] };

export function isFixed(role: Role, permission: Permission): boolean {
  return FIXED_GRANTS[role]?.includes(permission) ?? false;
}
