import { createPublicKey, sign, verify, type KeyObject } from "node:crypto";

/** The DER header of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow it. */
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** A raw 32-byte Ed25519 public key as Telnyx shows it (base64) -> a key node:crypto verifies with. */
export function ed25519PublicKey(base64: string): KeyObject {
  const raw = Buffer.from(base64, "base64");
  if (raw.length !== 32) throw new Error("an Ed25519 public key is 32 bytes");
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: "der", type: "spki" });
}

/** The raw 32 bytes of an Ed25519 public key, base64: what Telnyx shows and Ringflow stores. */
export const rawPublicKey = (key: KeyObject) =>
  key.export({ format: "der", type: "spki" }).subarray(SPKI_PREFIX.length).toString("base64");

/** Telnyx's signed message: `${timestamp}|${body}`. */
const signedMessage = (timestamp: string, body: string) => Buffer.from(`${timestamp}|${body}`, "utf8");

export function ed25519Valid(
  key: KeyObject,
  timestamp: string,
  body: string,
  signatureBase64: string,
): boolean {
  const signature = Buffer.from(signatureBase64, "base64");
  if (signature.length !== 64) return false;
  return verify(null, signedMessage(timestamp, body), key, signature);
}

/** What Telnyx sends, for tests that play Telnyx: the signature of `${timestamp}|${body}`, base64. */
export const ed25519Sign = (privateKey: KeyObject, timestamp: string, body: string) =>
  sign(null, signedMessage(timestamp, body), privateKey).toString("base64");
