import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { Db, DbTx } from "@ringflow/db";
import { defaultSessionPolicy, type SessionPolicy } from "./session-policy.ts";

// Sessions as the Lucia guide teaches them: a random token in the cookie, only its SHA-256 in the
// database (a leaked table cannot be replayed).

/** What session checks need: the database, the policy (env by default) and a clock tests can move. */
export interface SessionDeps {
  db: Db;
  policy?: SessionPolicy;
  now?: () => Date;
}

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
  { policy = defaultSessionPolicy(), now = new Date() }: { policy?: SessionPolicy; now?: Date } = {},
) {
  const token = generateSessionToken();
  const session = await db.session.create({
    data: {
      id: sessionIdFromToken(token),
      userId,
      activeTenantId: meta.activeTenantId,
      expiresAt: new Date(now.getTime() + policy.lifetimeMs),
      lastActiveAt: now,
      ipAddress: meta.ipAddress ?? null,
      userAgent: meta.userAgent ?? null,
    },
  });
  return { token, session };
}

/** When a session ends unless it is used again: its absolute expiry or its idle limit, whichever is first. */
export function sessionEndsAt(session: { expiresAt: Date; lastActiveAt: Date }, policy: SessionPolicy): Date {
  return new Date(Math.min(session.expiresAt.getTime(), session.lastActiveAt.getTime() + policy.idleMs));
}

/**
 * The live session with this id and its user, or null (an ended one is deleted). A request (`touch`)
 * records activity at most once per `touchEveryMs` and pushes the absolute expiry forward once half of
 * it is used; `renewed` then says the cookie must be sent again. Watchers look without touching.
 */
export async function findLiveSession(deps: SessionDeps, id: string, { touch }: { touch: boolean }) {
  const policy = deps.policy ?? defaultSessionPolicy();
  const now = deps.now?.() ?? new Date();
  const found = await deps.db.session.findUnique({
    where: { id },
    include: { user: { select: { id: true, email: true, name: true } } },
  });
  if (!found) return null;
  const { user, ...session } = found;
  if (now >= sessionEndsAt(session, policy)) {
    await deps.db.session.deleteMany({ where: { id } });
    return null;
  }
  if (!touch) return { session, user, renewed: false };
  const renewed = now.getTime() >= session.expiresAt.getTime() - policy.renewWithinMs;
  const stale = now.getTime() - session.lastActiveAt.getTime() >= policy.touchEveryMs;
  if (renewed) session.expiresAt = new Date(now.getTime() + policy.lifetimeMs);
  if (stale || renewed) {
    session.lastActiveAt = now;
    // updateMany: a sign-out racing this request must not make it fail.
    await deps.db.session.updateMany({
      where: { id },
      data: { lastActiveAt: now, ...(renewed ? { expiresAt: session.expiresAt } : {}) },
    });
  }
  return { session, user, renewed };
}

/** The session and its user for a cookie token, recording the activity. */
export function validateSessionToken(deps: SessionDeps, token: string) {
  return findLiveSession(deps, sessionIdFromToken(token), { touch: true });
}

export type LiveSession = NonNullable<Awaited<ReturnType<typeof findLiveSession>>>;

export async function deleteSession(db: Db, sessionId: string) {
  await db.session.deleteMany({ where: { id: sessionId } });
}
