import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";
import { apiError } from "../../errors.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { consume, reset } from "./rate-limit.ts";
import { createSession } from "./sessions.ts";

const WINDOW_SECONDS = 15 * 60;
/** Per address: enough for an office behind one NAT to mistype; per account: slows guessing from many addresses. */
export const SIGN_IN_LIMITS = { perAddress: 10, perAccount: 5, windowSeconds: WINDOW_SECONDS };

// Verifying against a real hash when the account does not exist keeps the response time the same.
let dummyHash: Promise<string> | undefined;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function signIn(
  db: Db,
  redis: Redis,
  input: { email: string; password: string; ipAddress: string | null; userAgent: string | null },
) {
  const email = normalizeEmail(input.email);
  const accountKey = `ratelimit:sign-in:account:${email}`;
  const wait = await consume(redis, [
    {
      key: `ratelimit:sign-in:address:${input.ipAddress ?? "unknown"}`,
      max: SIGN_IN_LIMITS.perAddress,
      windowSeconds: WINDOW_SECONDS,
    },
    { key: accountKey, max: SIGN_IN_LIMITS.perAccount, windowSeconds: WINDOW_SECONDS },
  ]);
  if (wait !== null) {
    const minutes = Math.ceil(wait / 60);
    throw apiError(
      "TOO_MANY_REQUESTS",
      `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or reset your password.`,
      { retryAfterSeconds: wait },
    );
  }
  const user = await db.user.findUnique({
    where: { email },
    include: { memberships: { orderBy: { createdAt: "asc" }, take: 1 } },
  });
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await (dummyHash ??= hashPassword("not-a-password")), input.password).then(
        () => false,
      );
  if (!user || !ok) throw apiError("UNAUTHORIZED", "Wrong email or password.");
  await reset(redis, accountKey);
  const { token, session } = await createSession(db, user.id, {
    activeTenantId: user.memberships[0]?.tenantId ?? null,
    ipAddress: input.ipAddress,
    userAgent: input.userAgent,
  });
  return { token, expiresAt: session.expiresAt, userId: user.id };
}
