import { createHash, randomBytes } from "node:crypto";
import type { Db, DbTx, Role } from "@ringflow/db";
import { apiError, notFound } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import { normalizeEmail } from "../auth/sign-in.ts";
import { addMember } from "./workspaces.ts";

const INVITATION_DAYS = 7;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function listMembers(db: Db, tenantId: string) {
  const memberships = await db.membership.findMany({
    where: { tenantId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      role: true,
      createdAt: true,
      user: { select: { id: true, email: true, name: true } },
    },
  });
  return memberships;
}

/** Owners alone hand out or take away ownership. */
function assertMayManage(actorRole: Role, role: Role) {
  if (role === "OWNER" && actorRole !== "OWNER")
    throw apiError("FORBIDDEN", "Only an owner can grant, change or remove the owner role.");
}

export async function invite(
  db: Db,
  tenantId: string,
  actor: Actor & { role: Role },
  input: { email: string; role: Role },
) {
  assertMayManage(actor.role, input.role);
  const email = normalizeEmail(input.email);
  const existing = await db.membership.findFirst({
    where: { tenantId, user: { email } },
    select: { id: true },
  });
  if (existing) throw apiError("CONFLICT", `${email} is already a member of this workspace.`);
  const token = randomBytes(24).toString("base64url");
  const invitation = await db.invitation.create({
    data: {
      tenantId,
      email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedById: actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
    },
    select: { id: true, email: true, role: true, expiresAt: true },
  });
  await recordAudit(db, tenantId, actor, {
    action: "member.invite",
    targetType: "invitation",
    targetId: invitation.id,
    data: { email, role: input.role },
  });
  // The token is shown once, to be sent to the invitee; only its hash is stored.
  return { ...invitation, token };
}

export async function listInvitations(db: Db, tenantId: string) {
  return db.invitation.findMany({
    where: { tenantId, acceptedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
  });
}

export async function revokeInvitation(db: Db, tenantId: string, actor: Actor, invitationId: string) {
  const { count } = await db.invitation.deleteMany({
    where: { id: invitationId, tenantId, acceptedAt: null },
  });
  if (!count) throw notFound("Invitation");
  await recordAudit(db, tenantId, actor, {
    action: "member.invitation-revoke",
    targetType: "invitation",
    targetId: invitationId,
  });
}

/** The signed-in user joins the workspace they were invited to, if the invitation is for their email. */
export async function acceptInvitation(
  db: Db,
  user: { id: string; email: string },
  token: string,
  ipAddress: string | null,
) {
  return db.$transaction((tx) => acceptInvitationIn(tx, user, token, ipAddress));
}

/**
 * The open invitation behind a token, if it was sent to `email`. Neither error names the invited address
 * or the workspace: a token in the wrong hands (a forwarded link, a shared screen) tells nothing.
 */
export async function findInvitationFor(tx: DbTx, token: string, email: string) {
  const invitation = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt < new Date())
    throw apiError("NOT_FOUND", "This invitation is not valid any more; ask for a new one.");
  if (invitation.email !== normalizeEmail(email))
    throw apiError(
      "FORBIDDEN",
      "This invitation was sent to another email address: use the address that received it.",
    );
  return invitation;
}

/** The same, inside a transaction the caller holds (sign-up creates the account in it). */
export async function acceptInvitationIn(
  tx: DbTx,
  user: { id: string; email: string },
  token: string,
  ipAddress: string | null,
) {
  const invitation = await findInvitationFor(tx, token, user.email);
  await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
  const membership = await addMember(
    tx,
    invitation.tenantId,
    { userId: user.id, ipAddress },
    user.id,
    invitation.role,
  );
  return { tenantId: membership.tenantId, role: membership.role };
}

async function findMembership(db: DbTx, tenantId: string, membershipId: string) {
  const membership = await db.membership.findFirst({ where: { id: membershipId, tenantId } });
  if (!membership) throw notFound("Member");
  return membership;
}

async function assertOwnerRemains(db: DbTx, tenantId: string, leaving: { role: Role }) {
  if (leaving.role !== "OWNER") return;
  const owners = await db.membership.count({ where: { tenantId, role: "OWNER" } });
  if (owners <= 1)
    throw apiError("PRECONDITION_FAILED", "A workspace needs an owner: make someone else owner first.");
}

export async function changeRole(
  db: Db,
  tenantId: string,
  actor: Actor & { role: Role },
  input: { membershipId: string; role: Role },
) {
  return db.$transaction(async (tx) => {
    const membership = await findMembership(tx, tenantId, input.membershipId);
    assertMayManage(actor.role, membership.role);
    assertMayManage(actor.role, input.role);
    if (input.role !== "OWNER") await assertOwnerRemains(tx, tenantId, membership);
    const updated = await tx.membership.update({
      where: { id: membership.id, tenantId },
      data: { role: input.role },
      select: { id: true, role: true },
    });
    await recordAudit(tx, tenantId, actor, {
      action: "member.role-change",
      targetType: "membership",
      targetId: membership.id,
      data: { userId: membership.userId, from: membership.role, to: input.role },
    });
    return updated;
  });
}

export async function removeMember(
  db: Db,
  tenantId: string,
  actor: Actor & { role: Role },
  membershipId: string,
) {
  await db.$transaction(async (tx) => {
    const membership = await findMembership(tx, tenantId, membershipId);
    assertMayManage(actor.role, membership.role);
    await assertOwnerRemains(tx, tenantId, membership);
    await tx.membership.delete({ where: { id: membership.id, tenantId } });
    await recordAudit(tx, tenantId, actor, {
      action: "member.remove",
      targetType: "membership",
      targetId: membership.id,
      data: { userId: membership.userId, role: membership.role },
    });
  });
}
