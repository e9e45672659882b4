import { keyring, openCredentials, sealCredentials, type Db } from "@ringflow/db";
import { CLOUD_ENGINE_KEY_KIND, resealDataKey } from "@ringflow/recordings";
import { resealWebhookSecret } from "../webhooks/endpoints.ts";

/** A row whose secret could not be opened (its key is missing from RINGFLOW_SECRET_KEYS). */
export interface RotationFailure {
  id: string;
  tenantId: string;
  keyId: string;
  error: string;
}

interface Tally {
  resealed: number;
  alreadyCurrent: number;
  failed: RotationFailure[];
}

export interface RotationResult extends Tally {
  activeKeyId: string;
  /** Recordings' own data keys, resealed; their audio is never rewritten. */
  recordings: Tally;
  /** Tenants' API keys for the cloud transcription engine. */
  transcriptionKeys: Tally;
  /** Webhook endpoints' signing secrets. */
  webhookSecrets: Tally;
}

/** One kind of sealed secret: its stale rows page by page, how to reseal one, and how many are current. */
interface SealedKind<Row extends { id: string; tenantId: string; keyId: string }> {
  stale(after: string | undefined): Promise<Row[]>;
  /** Writes the resealed secret unless the row's key id moved meanwhile (a concurrent change wins). */
  reseal(row: Row): Promise<boolean>;
  current(): Promise<number>;
}

async function rotateKind<Row extends { id: string; tenantId: string; keyId: string }>(
  kind: SealedKind<Row>,
): Promise<Tally> {
  const tally: Tally = { resealed: 0, alreadyCurrent: 0, failed: [] };
  // In pages by id: a deployment holds many recordings, and a row that failed is not fetched again.
  for (let after: string | undefined; ;) {
    const page = await kind.stale(after);
    if (!page.length) break;
    after = page.at(-1)!.id;
    for (const row of page) {
      try {
        if (await kind.reseal(row)) tally.resealed += 1;
      } catch (error) {
        const { id, tenantId, keyId } = row;
        tally.failed.push({ id, tenantId, keyId, error: (error as Error).message });
      }
    }
  }
  tally.alreadyCurrent = (await kind.current()) - tally.resealed;
  return tally;
}

const PAGE = 500;
const after = (id: string | undefined) => (id ? { id: { gt: id } } : {});

/**
 * Re-seals, with the active (first) key of RINGFLOW_SECRET_KEYS, every secret (of one workspace, or all) that
 * another key sealed: provider accounts' credentials and recordings' data keys. Old keys can leave the list
 * once nothing is left to do.
 */
export async function rotateSecrets(
  db: Db,
  scope: { tenantId?: string | undefined } = {},
): Promise<RotationResult> {
  const { activeKeyId } = keyring();
  const inScope = scope.tenantId ? { tenantId: scope.tenantId } : {};

  const accounts = await rotateKind({
    stale: async (last) =>
      (
        await db.providerAccount.findMany({
          where: { ...inScope, credentialsKeyId: { not: activeKeyId }, ...after(last) },
          orderBy: { id: "asc" },
          take: PAGE,
        })
      ).map((row) => ({ ...row, keyId: row.credentialsKeyId })),
    reseal: async (row) => {
      const sealed = sealCredentials(row.tenantId, row.kind, openCredentials<object>(row));
      const { count } = await db.providerAccount.updateMany({
        where: { id: row.id, tenantId: row.tenantId, credentialsKeyId: row.credentialsKeyId },
        data: sealed,
      });
      return count > 0;
    },
    current: () => db.providerAccount.count({ where: { ...inScope, credentialsKeyId: activeKeyId } }),
  });

  const recordings = await rotateKind({
    stale: async (last) =>
      (
        await db.recording.findMany({
          where: { ...inScope, dataKeyId: { not: activeKeyId }, dataKey: { not: null }, ...after(last) },
          select: { id: true, tenantId: true, dataKey: true, dataKeyId: true },
          orderBy: { id: "asc" },
          take: PAGE,
        })
      ).map((row) => ({ ...row, dataKey: row.dataKey ?? "", keyId: row.dataKeyId ?? "" })),
    reseal: async (row) => {
      const sealed = resealDataKey({ ...row, dataKeyId: row.keyId });
      const { count } = await db.recording.updateMany({
        where: { id: row.id, tenantId: row.tenantId, dataKeyId: row.keyId },
        data: sealed,
      });
      return count > 0;
    },
    current: () => db.recording.count({ where: { ...inScope, dataKeyId: activeKeyId } }),
  });

  const transcriptionKeys = await rotateKind({
    stale: async (last) =>
      (
        await db.transcriptionSetting.findMany({
          // One row per tenant, paged by tenant id (within the scope, when there is one).
          where: {
            cloudKeyId: { not: activeKeyId },
            cloudKey: { not: null },
            ...(scope.tenantId || last
              ? {
                  tenantId: {
                    ...(scope.tenantId ? { equals: scope.tenantId } : {}),
                    ...(last ? { gt: last } : {}),
                  },
                }
              : {}),
          },
          orderBy: { tenantId: "asc" },
          take: PAGE,
        })
      ).map((row) => ({ ...row, id: row.tenantId, keyId: row.cloudKeyId ?? "" })),
    reseal: async (row) => {
      const secret = openCredentials<object>({
        tenantId: row.tenantId,
        kind: CLOUD_ENGINE_KEY_KIND,
        credentials: row.cloudKey ?? "",
        credentialsKeyId: row.keyId,
      });
      const { credentials, credentialsKeyId } = sealCredentials(row.tenantId, CLOUD_ENGINE_KEY_KIND, secret);
      const { count } = await db.transcriptionSetting.updateMany({
        where: { tenantId: row.tenantId, cloudKeyId: row.keyId },
        data: { cloudKey: credentials, cloudKeyId: credentialsKeyId },
      });
      return count > 0;
    },
    current: () => db.transcriptionSetting.count({ where: { ...inScope, cloudKeyId: activeKeyId } }),
  });

  const webhookSecrets = await rotateKind({
    stale: async (last) =>
      (
        await db.webhookEndpoint.findMany({
          where: { ...inScope, secretKeyId: { not: activeKeyId }, ...after(last) },
          select: { id: true, tenantId: true, secret: true, secretKeyId: true },
          orderBy: { id: "asc" },
          take: PAGE,
        })
      ).map((row) => ({ ...row, keyId: row.secretKeyId })),
    reseal: async (row) => {
      const sealed = resealWebhookSecret(row);
      const { count } = await db.webhookEndpoint.updateMany({
        where: { id: row.id, tenantId: row.tenantId, secretKeyId: row.keyId },
        data: sealed,
      });
      return count > 0;
    },
    current: () => db.webhookEndpoint.count({ where: { ...inScope, secretKeyId: activeKeyId } }),
  });

  return { activeKeyId, ...accounts, recordings, transcriptionKeys, webhookSecrets };
}
