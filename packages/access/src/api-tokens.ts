import { timingSafeEqual } from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { Db, Role } from "@ringflow/db";
import type { Refusal } from "./authorize.ts";
import { permissionSchema, type Permission } from "./permissions.ts";
import { rolePermissions } from "./role-permissions.ts";

// Integration tokens: `rfk_<prefix>_<secret>`, 160 random bits in the secret. Only the SHA-256 of the whole token
// is stored (random tokens need no slow hash: there is nothing to guess); the prefix finds the row.

const TOKEN_PATTERN = /^rfk_([a-z2-7]{10})_([a-z2-7]{32})$/;
/** Last use is written at most this often, so a busy integration does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

const random = (bytes: number) => {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
};

export const hashApiToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/** A new token: `token` is shown to its creator once; `prefix` and `tokenHash` are stored. */
export function generateApiToken(): { token: string; prefix: string; tokenHash: string } {
  const prefix = random(6).slice(0, 10);
  const token = `rfk_${prefix}_${random(20)}`;
  return { token, prefix, tokenHash: hashApiToken(token) };
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function readBearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

export type TokenGrant = {
  ok: true;
  tokenId: string;
  tenantId: string;
  user: { id: string; email: string; name: string };
  role: Role;
  membershipId: string;
  /** The token's scopes that its creator still holds. */
  permissions: Permission[];
  /** When it stops working by itself (null: until revoked). */
  expiresAt: Date | null;
};

const unauthenticated: Refusal = {
  ok: false,
  reason: "unauthenticated",
  message: "This API token is not valid (unknown, revoked or expired).",
};

/**
 * The authorization question for an integration's token: live (not revoked, not expired), its creator still a
 * member, and the permission both in its scopes and held by the creator's role now (a demoted or removed
 * creator takes the token's power with them). Records the use.
 */
export async function authorizeApiToken(
  deps: { db: Db; now?: () => Date },
  input: { token: string; permission?: Permission },
): Promise<TokenGrant | Refusal> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const prefix = TOKEN_PATTERN.exec(input.token)?.[1];
  const row = prefix
    ? await db.apiToken.findUnique({
        where: { prefix },
        include: { createdBy: { select: { id: true, email: true, name: true } } },
      })
    : null;
  if (!row || !sameHash(row.tokenHash, hashApiToken(input.token))) return unauthenticated;
  if (row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return unauthenticated;
  const membership = await db.membership.findUnique({
    where: { tenantId_userId: { tenantId: row.tenantId, userId: row.createdById } },
  });
  if (!membership)
    return {
      ...unauthenticated,
      message: "This API token's creator is no longer a member of the workspace.",
    };
  const held = await rolePermissions(db, row.tenantId, membership.role);
  const scopes = new Set(row.scopes.flatMap((s) => permissionSchema.safeParse(s).data ?? []));
  const permissions = held.filter((p) => scopes.has(p));
  if (input.permission && !permissions.includes(input.permission))
    return {
      ok: false,
      reason: "forbidden",
      missing: input.permission,
      message: `This API token cannot do this: it needs the scope ${input.permission}${scopes.has(input.permission) ? ", which its creator no longer holds" : ""}.`,
    };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS)
    await db.apiToken.updateMany({
      where: { id: row.id, tenantId: row.tenantId },
      data: { lastUsedAt: now },
    });
  return {
    ok: true,
    tokenId: row.id,
    tenantId: row.tenantId,
    user: row.createdBy,
    role: membership.role,
    membershipId: membership.id,
    permissions,
    expiresAt: row.expiresAt,
  };
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
