import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { Db, DbTx } from "@ringflow/db";

// Sessions as the Lucia guide teaches them: a random token in the cookie, only its SHA-256 in the
// database (a leaked table cannot be replayed), 30-day expiry pushed forward when half of it is used.
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
const RENEW_WITHIN_MS = 15 * DAY;

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
  db: Db | DbTx,
  userId: string,
  meta: { activeTenantId: string | null; ipAddress?: string | null; userAgent?: string | null },
) {
  const token = generateSessionToken();
  const session = await db.session.create({
    data: {
      id: sessionIdFromToken(token),
      userId,
      activeTenantId: meta.activeTenantId,
      expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS),
      ipAddress: meta.ipAddress ?? null,
      userAgent: meta.userAgent ?? null,
    },
  });
  return { token, session };
}

/** The session and its user for a cookie token; `renewed` when the expiry moved (send the cookie again). */
export async function validateSessionToken(db: Db, token: string) {
  const id = sessionIdFromToken(token);
  const found = await db.session.findUnique({
    where: { id },
    include: { user: { select: { id: true, email: true, name: true } } },
  });
  if (!found) return null;
  const { user, ...session } = found;
  const now = Date.now();
  if (now >= session.expiresAt.getTime()) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  let renewed = false;
  if (now >= session.expiresAt.getTime() - RENEW_WITHIN_MS) {
    session.expiresAt = new Date(now + SESSION_LIFETIME_MS);
    await db.session.update({ where: { id }, data: { expiresAt: session.expiresAt } });
    renewed = true;
  }
  return { session, user, renewed };
}

export async function invalidateSession(db: Db, sessionId: string) {
  await db.session.deleteMany({ where: { id: sessionId } });
}
