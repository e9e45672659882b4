import { keyring, openCredentials, sealCredentials, type Db } from "@ringflow/db";

/**
 * Re-seals every provider account's credentials (of one workspace, or all) that another key sealed, with
 * the active (first) key of RINGFLOW_SECRET_KEYS. Old keys can leave the list once nothing is left to do.
 */
export async function rotateSecrets(
  db: Db,
  scope: { tenantId?: string | undefined } = {},
): Promise<{ activeKeyId: string; resealed: number; alreadyCurrent: number }> {
  const { activeKeyId } = keyring();
  const inScope = scope.tenantId ? { tenantId: scope.tenantId } : {};
  const stale = await db.providerAccount.findMany({
    where: { ...inScope, credentialsKeyId: { not: activeKeyId } },
  });
  for (const row of stale) {
    const resealed = sealCredentials(row.tenantId, row.kind, openCredentials<object>(row));
    // Matching the old key id as well makes a concurrent update win rather than be overwritten.
    await db.providerAccount.updateMany({
      where: { id: row.id, tenantId: row.tenantId, credentialsKeyId: row.credentialsKeyId },
      data: resealed,
    });
  }
  const current = await db.providerAccount.count({ where: { ...inScope, credentialsKeyId: activeKeyId } });
  return { activeKeyId, resealed: stale.length, alreadyCurrent: current - stale.length };
}
