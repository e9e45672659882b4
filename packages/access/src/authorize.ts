import type { Role } from "@ringflow/db";
import type { Permission } from "./permissions.ts";
import { rolePermissions } from "./role-permissions.ts";
import { findLiveSession, sessionIdFromToken, type LiveSession, type SessionDeps } from "./sessions.ts";

export type Refusal =
  | { ok: false; reason: "unauthenticated"; message: string }
  | { ok: false; reason: "forbidden"; missing: Permission | null; message: string };

export type Grant = LiveSession & {
  ok: true;
  tenantId: string;
  role: Role;
  membershipId: string;
  permissions: Permission[];
};

export interface AuthorizeInput {
  sessionToken: string | null | undefined;
  /** What the caller wants to do; without one, any membership of the tenant passes. */
  permission?: Permission;
  /** The tenant acted in; the session's active workspace by default. */
  tenant?: string;
}

const unauthenticated: Refusal = {
  ok: false,
  reason: "unauthenticated",
  message: "Sign in first (your session is missing or has expired).",
};

const forbidden = (message: string, missing: Permission | null = null): Refusal => ({
  ok: false,
  reason: "forbidden",
  missing,
  message,
});

/** Who is signed in with this token, or a refusal; records the session's activity. */
export async function authenticate(
  deps: SessionDeps,
  sessionToken: string | null | undefined,
): Promise<({ ok: true } & LiveSession) | Refusal> {
  const found = sessionToken
    ? await findLiveSession(deps, sessionIdFromToken(sessionToken), { touch: true })
    : null;
  return found ? { ok: true, ...found } : unauthenticated;
}

/**
 * The one authorization question every entry point asks (tRPC procedures, WebSockets): is this session
 * live, a member of the tenant, and holding the permission? Refusals name what is missing.
 */
export async function authorize(deps: SessionDeps, input: AuthorizeInput): Promise<Grant | Refusal> {
  const found = await authenticate(deps, input.sessionToken);
  if (!found.ok) return found;
  return authorizeSession(deps, found, input);
}

/** The same question for a session already known to be live (a watcher re-asking after a change). */
export async function authorizeSession(
  deps: SessionDeps,
  found: LiveSession,
  input: Pick<AuthorizeInput, "permission" | "tenant">,
): Promise<Grant | Refusal> {
  const { db } = deps;
  const { session } = found;
  const tenantId = input.tenant ?? session.activeTenantId;
  const membership = tenantId
    ? await db.membership.findUnique({ where: { tenantId_userId: { tenantId, userId: session.userId } } })
    : await db.membership.findFirst({ where: { userId: session.userId }, orderBy: { createdAt: "asc" } });
  if (!membership)
    return forbidden(
      tenantId ? "You are not a member of this workspace." : "You are not a member of any workspace yet.",
    );
  if (!tenantId) {
    // A session without a chosen workspace settles on the user's first one.
    await db.session.updateMany({ where: { id: session.id }, data: { activeTenantId: membership.tenantId } });
    session.activeTenantId = membership.tenantId;
  }
  const permissions = await rolePermissions(db, membership.tenantId, membership.role);
  if (input.permission && !permissions.includes(input.permission))
    return forbidden(
      `Your role (${membership.role.toLowerCase()}) cannot do this here: it needs the permission ${input.permission}.`,
      input.permission,
    );
  return {
    ...found,
    ok: true,
    tenantId: membership.tenantId,
    role: membership.role,
    membershipId: membership.id,
    permissions,
  };
}
