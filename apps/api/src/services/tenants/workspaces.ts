import { randomBytes } from "node:crypto";
import { Prisma, type Db, type DbTx, type Role } from "@ringflow/db";
import { apiError } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import { hashPassword } from "../auth/password.ts";
import { normalizeEmail } from "../auth/sign-in.ts";

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-")
    .slice(0, 40)
    .replace(/^-|-$/g, "");
  return base || "workspace";
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** A user with a password; a second account on the same email is refused. */
/** `passwordHash` when the password was hashed earlier (a sign-up waiting for its confirmation). */
export async function createUser(
  db: Db | DbTx,
  input: { email: string; name: string } & ({ password: string } | { passwordHash: string }),
) {
  const email = normalizeEmail(input.email);
  const passwordHash = "passwordHash" in input ? input.passwordHash : await hashPassword(input.password);
  try {
    return await db.user.create({
      data: { email, name: input.name, passwordHash },
      select: { id: true, email: true, name: true },
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw apiError("CONFLICT", `An account with ${email} already exists; sign in instead.`);
    throw error;
  }
}

/** A workspace with its first owner. The slug gets a random suffix when the name's slug is taken. */
export async function createWorkspace(
  db: Db | DbTx,
  input: { name: string; slug?: string | undefined; ownerId: string },
) {
  const wanted = input.slug ?? slugify(input.name);
  for (let attempt = 0; ; attempt++) {
    const slug = attempt === 0 ? wanted : `${wanted}-${randomBytes(3).toString("hex")}`;
    const taken = await db.tenant.findUnique({ where: { slug }, select: { id: true } });
    if (taken) {
      if (input.slug) throw apiError("CONFLICT", `The workspace slug "${slug}" is taken; choose another.`);
      continue;
    }
    const tenant = await db.tenant.create({ data: { name: input.name, slug } });
    await db.membership.create({ data: { tenantId: tenant.id, userId: input.ownerId, role: "OWNER" } });
    await recordAudit(
      db,
      tenant.id,
      { userId: input.ownerId, ipAddress: null },
      {
        action: "tenant.create",
        targetType: "tenant",
        targetId: tenant.id,
      },
    );
    return tenant;
  }
}

/** Adds an existing user to a workspace with a role (the CLI's `user create`, accepted invitations). */
export async function addMember(db: Db | DbTx, tenantId: string, actor: Actor, userId: string, role: Role) {
  try {
    const membership = await db.membership.create({ data: { tenantId, userId, role } });
    await recordAudit(db, tenantId, actor, {
      action: "member.join",
      targetType: "membership",
      targetId: membership.id,
      data: { userId, role },
    });
    return membership;
  } catch (error) {
    if (isUniqueViolation(error))
      throw apiError("CONFLICT", "This person is already a member of the workspace.");
    throw error;
  }
}
