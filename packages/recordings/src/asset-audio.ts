import { audioFacts } from "./audio-format.ts";
import type { ObjectStore } from "./object-store.ts";
import { verifyAssetLink } from "./asset-link.ts";
import { readAudio, storeAudio, type StoredAudio } from "./vault.ts";

/** The largest audio file a Play block takes: a few minutes of phone-quality audio. */
export const ASSET_MAX_BYTES = 3 * 1024 * 1024;

export type AssetCheck =
  | { ok: true; contentType: "audio/wav" | "audio/mpeg"; durationSeconds: number | null }
  | { ok: false; message: string };

/** Whether uploaded bytes are audio a phone can play, said in words when not. Sniffed, never trusted. */
export function checkAssetAudio(bytes: Buffer): AssetCheck {
  if (bytes.length === 0) return { ok: false, message: "The file is empty." };
  if (bytes.length > ASSET_MAX_BYTES)
    return {
      ok: false,
      message: `The file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; audio for a Play block can be at most 3 MB.`,
    };
  const facts = audioFacts(bytes);
  if (!facts)
    return {
      ok: false,
      message: "This is not an MP3 or WAV file. Save the audio as MP3 or WAV and try again.",
    };
  return { ok: true, ...facts };
}

/** Encrypts and stores an asset's audio under its tenant; the caller writes the returned fields to its row. */
export function storeAsset(
  store: ObjectStore,
  asset: { tenantId: string; id: string },
  bytes: Buffer,
  contentType: string,
): Promise<StoredAudio> {
  return storeAudio(store, asset, bytes, contentType);
}

/** An asset's plain audio, checked against its size and digest. */
export function readAsset(
  store: ObjectStore,
  asset: { tenantId: string; id: string } & Omit<StoredAudio, "contentType">,
): Promise<Buffer> {
  return readAudio(store, asset);
}

type AssetRow = { tenantId: string; id: string; contentType: string } & Omit<StoredAudio, "contentType">;

/**
 * The answer to `GET /assets/:id/audio?<signed link>`, whoever serves it (the API for the builder's player,
 * the runtime for the provider): the audio, or a refusal in words. The asset is looked up in the link's
 * tenant only.
 */
export async function assetAudioAnswer(
  deps: {
    findAsset(where: { id: string; tenantId: string }): Promise<AssetRow | null>;
    store: ObjectStore;
  },
  assetId: string,
  query: Record<string, unknown>,
  now = Date.now(),
): Promise<{ status: number; headers: Record<string, string>; body: Buffer | { error: string } }> {
  const grant = /^[0-9a-f-]{36}$/i.test(assetId) ? verifyAssetLink(assetId, query, now) : null;
  if (!grant)
    return { status: 403, headers: {}, body: { error: "This audio link is not valid or has expired." } };
  const row = await deps.findAsset({ id: assetId, tenantId: grant.tenantId });
  if (!row) return { status: 404, headers: {}, body: { error: "This audio file was removed." } };
  const audio = await readAsset(deps.store, row);
  return {
    status: 200,
    headers: { "content-type": row.contentType, "cache-control": "private, max-age=300" },
    body: audio,
  };
}
