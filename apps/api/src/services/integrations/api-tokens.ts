import { generateApiToken, publishAccessEvent, type Permission } from "@ringflow/access";
import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";
import { apiError, notFound } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";

/** Scopes no token may carry: a token must not be able to mint tokens or change who may do what. */
export const UNSCOPABLE: readonly Permission[] = ["integrations.manage", "access.manage"];

const listed = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

/** Creates a token; the token itself is in the answer once and never again. */
export async function createApiToken(
  db: Db,
  tenantId: string,
  actor: Actor & { userId: string; permissions: Permission[] },
  input: { name: string; scopes: Permission[]; expiresInDays?: number | undefined },
  now = new Date(),
) {
  const refused = input.scopes.find((s) => UNSCOPABLE.includes(s));
  if (refused) throw apiError("BAD_REQUEST", `A token cannot carry the scope ${refused}.`);
  const missing = input.scopes.find((s) => !actor.permissions.includes(s));
  if (missing)
    throw apiError("FORBIDDEN", `You cannot give a token the scope ${missing}: you do not hold it.`);
  const { token, prefix, tokenHash } = generateApiToken();
  const row = await db.apiToken.create({
    data: {
      tenantId,
      name: input.name,
      prefix,
      tokenHash,
      scopes: [...new Set(input.scopes)],
      createdById: actor.userId,
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
    },
    select: listed,
  });
  await recordAudit(db, tenantId, actor, {
    action: "api-token.create",
    targetType: "apiToken",
    targetId: row.id,
    data: { name: row.name, prefix, scopes: row.scopes },
  });
  return { ...row, token };
}

export function listApiTokens(db: Db, tenantId: string) {
  return db.apiToken.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" }, select: listed });
}

/**
 * Revokes at once: the next request with it is refused, and live feeds opened with it close. Revoking twice
 * changes nothing.
 */
export async function revokeApiToken(
  deps: { db: Db; redis: Redis },
  tenantId: string,
  actor: Actor,
  id: string,
) {
  const { db } = deps;
  const found = await db.apiToken.findFirst({
    where: { id, tenantId },
    select: { id: true, revokedAt: true, createdById: true },
  });
  if (!found) throw notFound("API token");
  if (!found.revokedAt) {
    await db.apiToken.updateMany({
      where: { id, tenantId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await recordAudit(db, tenantId, actor, {
      action: "api-token.revoke",
      targetType: "apiToken",
      targetId: id,
    });
    await publishAccessEvent(deps.redis, { type: "access.changed", tenantId, userId: found.createdById });
  }
  return db.apiToken.findFirstOrThrow({ where: { id, tenantId }, select: listed });
}
