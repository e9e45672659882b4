import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { keyring, open, seal } from "@ringflow/db";

/**
 * Envelope encryption: each recording's audio is sealed with its own random AES-256-GCM key, and that key is
 * sealed with the deployment's keys (RINGFLOW_SECRET_KEYS). Rotating the deployment's keys reseals the small
 * data keys and never rewrites audio.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A data key and the audio are bound to their tenant and recording: neither can be moved to another row. */
const boundTo = (tenantId: string, recordingId: string) => `${tenantId}:recording:${recordingId}`;

export interface RecordingRef {
  tenantId: string;
  id: string;
}

export interface SealedDataKey {
  dataKey: string;
  dataKeyId: string;
}

export function newDataKey(recording: RecordingRef): { key: Buffer; sealed: SealedDataKey } {
  const key = randomBytes(32);
  return { key, sealed: sealDataKey(recording, key) };
}

function sealDataKey(recording: RecordingRef, key: Buffer): SealedDataKey {
  const sealed = seal(keyring(), key.toString("base64"), boundTo(recording.tenantId, recording.id));
  return { dataKey: sealed.value, dataKeyId: sealed.keyId };
}

export function openDataKey(recording: RecordingRef & SealedDataKey): Buffer {
  const value = open(
    keyring(),
    { keyId: recording.dataKeyId, value: recording.dataKey },
    boundTo(recording.tenantId, recording.id),
  );
  return Buffer.from(value, "base64");
}

/** The same data key sealed with the active deployment key (rotation). */
export const resealDataKey = (recording: RecordingRef & SealedDataKey): SealedDataKey =>
  sealDataKey(recording, openDataKey(recording));

/** iv | tag | ciphertext. */
export function encryptAudio(key: Buffer, recording: RecordingRef, audio: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(boundTo(recording.tenantId, recording.id)));
  const ciphertext = Buffer.concat([cipher.update(audio), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

export function decryptAudio(key: Buffer, recording: RecordingRef, stored: Buffer): Buffer {
  if (stored.length < IV_BYTES + TAG_BYTES) throw new Error("Stored recording is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, stored.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(boundTo(recording.tenantId, recording.id)));
  decipher.setAuthTag(stored.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(stored.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

export const sha256Hex = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
