import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";
import { apiError } from "../../errors.ts";
import { acceptInvitationIn, findInvitationFor } from "../tenants/members.ts";
import { createUser, createWorkspace } from "../tenants/workspaces.ts";
import type { Mailer } from "./mailer.ts";
import { hashPassword } from "./password.ts";
import { consume } from "./rate-limit.ts";
import { createSession } from "./sessions.ts";
import { normalizeEmail } from "./sign-in.ts";

export interface SignUpInput {
  email: string;
  name: string;
  password: string;
  /** A new workspace owned by the new account... */
  workspaceName?: string | undefined;
  /** ...or joining the workspace of an invitation addressed to this email. */
  invitationToken?: string | undefined;
}

type Meta = { ipAddress: string | null; userAgent: string | null };

const HOUR = 60 * 60;
/** Per address: a classroom behind one NAT signs up; per email: nobody floods a mailbox with our mail. */
export const SIGN_UP_LIMITS = { perAddress: 10, perEmail: 3, windowSeconds: HOUR };
/** How long a confirmation link works. */
export const CONFIRMATION_SECONDS = 24 * HOUR;

const pendingSignUpSchema = z.object({
  email: z.string(),
  name: z.string(),
  passwordHash: z.string(),
  workspaceName: z.string(),
});
const pendingKey = (token: string) => `sign-up:pending:${createHash("sha256").update(token).digest("hex")}`;

async function limitSignUps(redis: Redis, email: string, ipAddress: string | null) {
  // Without an address the caller is in-process (the CLI, a test): only the mailbox limit applies.
  const perAddress = ipAddress
    ? [
        {
          key: `ratelimit:sign-up:address:${ipAddress}`,
          max: SIGN_UP_LIMITS.perAddress,
          windowSeconds: SIGN_UP_LIMITS.windowSeconds,
        },
      ]
    : [];
  const wait = await consume(redis, [
    ...perAddress,
    {
      key: `ratelimit:sign-up:email:${email}`,
      max: SIGN_UP_LIMITS.perEmail,
      windowSeconds: SIGN_UP_LIMITS.windowSeconds,
    },
  ]);
  if (wait !== null) {
    const minutes = Math.ceil(wait / 60);
    throw apiError(
      "TOO_MANY_REQUESTS",
      `Too many sign-ups. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      { retryAfterSeconds: wait },
    );
  }
}

/**
 * A new workspace: nothing is created until the address is proven. A new email gets a confirmation link;
 * an email that has an account gets a notice to sign in instead. Both answer the same, after the same
 * work (one password hash, one mail), so the answer tells a stranger nothing about who has an account.
 */
async function requestSignUp(
  db: Db,
  redis: Redis,
  mailer: Mailer,
  publicUrl: string,
  input: SignUpInput & { workspaceName: string },
) {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) {
    await mailer.send({
      to: email,
      subject: "You already have a Ringflow account",
      text: `Someone (maybe you) tried to sign up for Ringflow with this address, which already has an account. Sign in at ${publicUrl}. If it was not you, you can ignore this message.`,
    });
  } else {
    const token = randomBytes(24).toString("base64url");
    const pending = { email, name: input.name, passwordHash, workspaceName: input.workspaceName };
    await redis.set(pendingKey(token), JSON.stringify(pending), "EX", CONFIRMATION_SECONDS);
    await mailer.send({
      to: email,
      subject: "Confirm your Ringflow account",
      text: `Open this link within 24 hours to create your workspace "${input.workspaceName}": ${publicUrl}/sign-up/confirm?token=${token}`,
    });
  }
  return { status: "confirmation-sent" as const, email };
}

/** Joining by invitation: the token came by mail to the invited address, which proves it. */
async function signUpByInvitation(db: Db, input: SignUpInput & { invitationToken: string }, meta: Meta) {
  const { userId, tenantId } = await db.$transaction(async (tx) => {
    // The invitation first: a made-up token learns nothing about which emails have accounts.
    await findInvitationFor(tx, input.invitationToken, input.email);
    const user = await createUser(tx, input);
    const { tenantId } = await acceptInvitationIn(tx, user, input.invitationToken, meta.ipAddress);
    return { userId: user.id, tenantId };
  });
  const { token, session } = await createSession(db, userId, { activeTenantId: tenantId, ...meta });
  return { status: "signed-in" as const, userId, tenantId, token, expiresAt: session.expiresAt };
}

export async function signUp(
  db: Db,
  redis: Redis,
  mailer: Mailer,
  publicUrl: string,
  input: SignUpInput,
  meta: Meta,
) {
  await limitSignUps(redis, normalizeEmail(input.email), meta.ipAddress);
  if (input.invitationToken)
    return signUpByInvitation(db, { ...input, invitationToken: input.invitationToken }, meta);
  return requestSignUp(db, redis, mailer, publicUrl, { ...input, workspaceName: input.workspaceName ?? "" });
}

/** The link from the confirmation mail: the account and its workspace together, then a session. */
export async function confirmSignUp(db: Db, redis: Redis, confirmationToken: string, meta: Meta) {
  const stored = await redis.getdel(pendingKey(confirmationToken));
  if (!stored)
    throw apiError("NOT_FOUND", "This confirmation link has expired or was used already; sign up again.");
  const pending = pendingSignUpSchema.parse(JSON.parse(stored));
  const { userId, tenantId } = await db.$transaction(async (tx) => {
    const user = await createUser(tx, pending);
    const tenant = await createWorkspace(tx, { name: pending.workspaceName, ownerId: user.id });
    return { userId: user.id, tenantId: tenant.id };
  });
  const { token, session } = await createSession(db, userId, { activeTenantId: tenantId, ...meta });
  return { userId, tenantId, token, expiresAt: session.expiresAt };
}
