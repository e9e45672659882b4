import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { Db } from "@ringflow/db";
import {
  checkAssetAudio,
  recordingStoreFromEnv,
  signAssetLink,
  storeAsset,
  type ObjectStore,
} from "@ringflow/recordings";

let defaultStore: ObjectStore | undefined;
/** Assets live in the recordings' storage (RECORDINGS_STORE/RECORDINGS_DIR/RECORDINGS_S3_*). */
export const assetStore = () => (defaultStore ??= recordingStoreFromEnv());

/** Checks and stores an uploaded audio file for the tenant; refused in words when it is not one a phone plays. */
export async function uploadAsset(
  db: Db,
  tenantId: string,
  input: { name: string; bytes: Buffer; createdById: string | null },
  store: ObjectStore = assetStore(),
) {
  const check = checkAssetAudio(input.bytes);
  if (!check.ok) throw new TRPCError({ code: "BAD_REQUEST", message: check.message });
  const id = randomUUID();
  const stored = await storeAsset(store, { tenantId, id }, input.bytes, check.contentType);
  return db.asset.create({
    data: {
      id,
      tenantId,
      name: input.name,
      durationSeconds: check.durationSeconds,
      createdById: input.createdById,
      ...stored,
    },
    select: {
      id: true,
      name: true,
      contentType: true,
      sizeBytes: true,
      durationSeconds: true,
      createdAt: true,
    },
  });
}

/** The tenant's audio files, newest first, each with a short-lived link for the builder's player. */
export async function listAssets(db: Db, tenantId: string, publicUrl: string) {
  const rows = await db.asset.findMany({
    where: { tenantId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      name: true,
      contentType: true,
      sizeBytes: true,
      durationSeconds: true,
      createdAt: true,
    },
  });
  return rows.map((row) => ({ ...row, listenUrl: signAssetLink(publicUrl, { tenantId, assetId: row.id }) }));
}
