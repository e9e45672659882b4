import { randomBytes } from "node:crypto";

/**
 * Where Ringflow keeps recordings' (already encrypted) bytes: local files by default, S3-compatible object
 * storage in production. Keys are `tenantId/recordingId-nonce.enc`; a store never sees plain audio.
 */
export interface ObjectStore {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** null when there is no such object. */
  get(key: string): Promise<Buffer | null>;
  /** Deleting a missing object is not an error (retries and the retention job may repeat it). */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Keys are built by Ringflow, never taken from a request; still, nothing may climb out of the store. */
export function checkedKey(key: string): string {
  if (!KEY.test(key) || key.split("/").some((part) => part === ".." || part === "."))
    throw new Error(`Invalid storage key "${key}"`);
  return key;
}

/** One object per copy attempt: two racing copies never overwrite each other's (differently keyed) bytes. */
export const recordingStorageKey = (tenantId: string, recordingId: string) =>
  checkedKey(`${tenantId}/${recordingId}-${randomBytes(6).toString("hex")}.enc`);
