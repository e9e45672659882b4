import { createHash } from "node:crypto";
import type { Db } from "@ringflow/db";

export const SESSION_COOKIE = "ringflow_session";

export interface SimulatorUser {
  userId: string;
  activeTenantId: string | null;
  /** Tenants the user is a member of. */
  tenantIds: string[];
}

/** The signed-in user behind the API's session cookie (the session id is the SHA-256 of the token). */
export async function userFromCookie(
  db: Db,
  cookieHeader: string | undefined,
  now = new Date(),
): Promise<SimulatorUser | null> {
  const token = readCookie(cookieHeader, SESSION_COOKIE);
  if (!token) return null;
  const id = createHash("sha256").update(token).digest("hex");
  const session = await db.session.findUnique({
    where: { id },
    select: {
      userId: true,
      activeTenantId: true,
      expiresAt: true,
      user: { select: { memberships: { select: { tenantId: true } } } },
    },
  });
  if (!session || session.expiresAt <= now) return null;
  return {
    userId: session.userId,
    activeTenantId: session.activeTenantId,
    tenantIds: session.user.memberships.map((m) => m.tenantId),
  };
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}
