import { keyring, openCredentials, sealCredentials, type Db } from "@ringflow/db";

/**
 * Re-seals every provider account's credentials that another key sealed with the active (first) key of
 * RINGFLOW_SECRET_KEYS. Old keys can leave the list once this reports nothing left to do.
 */
export async function rotateSecrets(
  db: Db,
): Promise<{ activeKeyId: string; resealed: number; alreadyCurrent: number }> {
  const { activeKeyId } = keyring();
  const stale = await db.providerAccount.findMany({ where: { credentialsKeyId: { not: activeKeyId } } });
  for (const row of stale) {
    const resealed = sealCredentials(row.tenantId, row.kind, openCredentials<object>(row));
    // Matching the old key id as well makes a concurrent update win rather than be overwritten.
    await db.providerAccount.updateMany({
      where: { id: row.id, tenantId: row.tenantId, credentialsKeyId: row.credentialsKeyId },
      data: resealed,
    });
  }
  const alreadyCurrent = await db.providerAccount.count({ where: { credentialsKeyId: activeKeyId } });
  return { activeKeyId, resealed: stale.length, alreadyCurrent: alreadyCurrent - stale.length };
}
