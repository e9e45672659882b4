import {
  decryptAudio,
  encryptAudio,
  newDataKey,
  openDataKey,
  sha256Hex,
  type RecordingRef,
} from "./audio-crypto.ts";
import { recordingStorageKey, type ObjectStore } from "./object-store.ts";

/** What a stored recording's row keeps to find, open and check its audio. */
export interface StoredAudio {
  storageKey: string;
  dataKey: string;
  dataKeyId: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** Encrypts the audio with a fresh key and stores it; the caller writes the returned fields to the row. */
export async function storeAudio(
  store: ObjectStore,
  recording: RecordingRef,
  audio: Buffer,
  contentType: string,
): Promise<StoredAudio> {
  const { key, sealed } = newDataKey(recording);
  const storageKey = recordingStorageKey(recording.tenantId, recording.id);
  await store.put(storageKey, encryptAudio(key, recording, audio), "application/octet-stream");
  return { storageKey, ...sealed, contentType, sizeBytes: audio.length, sha256: sha256Hex(audio) };
}

export class StoredAudioMissing extends Error {
  override name = "StoredAudioMissing";
}

/** The plain audio of a stored recording, checked against the size and digest taken when it was copied. */
export async function readAudio(
  store: ObjectStore,
  recording: RecordingRef & Omit<StoredAudio, "contentType">,
): Promise<Buffer> {
  const stored = await store.get(recording.storageKey);
  if (!stored) throw new StoredAudioMissing(`Recording ${recording.id} is not in storage`);
  const audio = decryptAudio(openDataKey(recording), recording, stored);
  if (audio.length !== recording.sizeBytes || sha256Hex(audio) !== recording.sha256)
    throw new Error(`Recording ${recording.id} does not match its digest`);
  return audio;
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

/** A recording row's stored audio, or null while it has not been (completely) copied. */
export function storedAudioOf(
  row: RecordingRef & Nullable<Omit<StoredAudio, "contentType">>,
): (RecordingRef & Omit<StoredAudio, "contentType">) | null {
  const { storageKey, dataKey, dataKeyId, sizeBytes, sha256 } = row;
  if (!storageKey || !dataKey || !dataKeyId || sizeBytes === null || !sha256) return null;
  return { tenantId: row.tenantId, id: row.id, storageKey, dataKey, dataKeyId, sizeBytes, sha256 };
}
