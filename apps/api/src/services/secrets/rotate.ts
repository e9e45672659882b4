import { keyring, openCredentials, sealCredentials, type Db } from "@ringflow/db";

export interface RotationResult {
  activeKeyId: string;
  resealed: number;
  alreadyCurrent: number;
  /** Accounts whose credentials could not be opened (their key is missing from RINGFLOW_SECRET_KEYS). */
  failed: { id: string; tenantId: string; keyId: string; error: string }[];
}

/**
 * Re-seals every provider account's credentials (of one workspace, or all) that another key sealed, with
 * the active (first) key of RINGFLOW_SECRET_KEYS. Old keys can leave the list once nothing is left to do.
 */
export async function rotateSecrets(
  db: Db,
  scope: { tenantId?: string | undefined } = {},
): Promise<RotationResult> {
  const { activeKeyId } = keyring();
  const inScope = scope.tenantId ? { tenantId: scope.tenantId } : {};
  const stale = await db.providerAccount.findMany({
    where: { ...inScope, credentialsKeyId: { not: activeKeyId } },
  });
  const failed: RotationResult["failed"] = [];
  let resealed = 0;
  for (const row of stale) {
    let sealed;
    try {
      sealed = sealCredentials(row.tenantId, row.kind, openCredentials<object>(row));
    } catch (error) {
      failed.push({
        id: row.id,
        tenantId: row.tenantId,
        keyId: row.credentialsKeyId,
        error: (error as Error).message,
      });
      continue;
    }
    // Matching the old key id as well makes a concurrent update win rather than be overwritten.
    const { count } = await db.providerAccount.updateMany({
      where: { id: row.id, tenantId: row.tenantId, credentialsKeyId: row.credentialsKeyId },
      data: sealed,
    });
    resealed += count;
  }
  const current = await db.providerAccount.count({ where: { ...inScope, credentialsKeyId: activeKeyId } });
  return { activeKeyId, resealed, alreadyCurrent: current - resealed, failed };
}
