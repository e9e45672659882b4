import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Provider credentials are sealed with AES-256-GCM. Each ciphertext names the key that sealed it, so
 * keys rotate without a flag day: new writes use the active key, old rows open with theirs until
 * `ringflow secrets rotate` re-seals them.
 *
 * Keys come from RINGFLOW_SECRET_KEYS: `id:base64key[,id:base64key...]`, the first one active.
 */
export type Keyring = { activeKeyId: string; keys: Map<string, Buffer> };
export type Sealed = { keyId: string; value: string };

export class KeyringError extends Error {
  override name = "KeyringError";
}

export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  let activeKeyId: string | undefined;
  for (const entry of spec
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const separator = entry.indexOf(":");
    if (separator <= 0)
      throw new KeyringError(`Secret key entry "${entry.slice(0, 8)}…" must look like id:base64key`);
    const id = entry.slice(0, separator);
    const key = Buffer.from(entry.slice(separator + 1), "base64");
    if (key.length !== 32)
      throw new KeyringError(`Secret key "${id}" must be 32 bytes of base64 (got ${key.length})`);
    if (keys.has(id)) throw new KeyringError(`Secret key id "${id}" appears twice`);
    keys.set(id, key);
    activeKeyId ??= id;
  }
  if (!activeKeyId) throw new KeyringError("RINGFLOW_SECRET_KEYS holds no key");
  return { activeKeyId, keys };
}

export function generateKeySpec(id = `k${Date.now().toString(36)}`): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}

export function seal(keyring: Keyring, plaintext: string, associatedData: string): Sealed {
  const key = keyring.keys.get(keyring.activeKeyId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  // Binding the row's identity (tenant, kind) stops a ciphertext from being pasted onto another row.
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const value = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url")).join(".");
  return { keyId: keyring.activeKeyId, value };
}

export function open(keyring: Keyring, sealed: Sealed, associatedData: string): string {
  const key = keyring.keys.get(sealed.keyId);
  if (!key)
    throw new KeyringError(
      `Secret key "${sealed.keyId}" is not in RINGFLOW_SECRET_KEYS; it is needed to read this secret`,
    );
  const [iv, tag, ciphertext] = sealed.value.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !ciphertext) throw new KeyringError("Sealed secret is malformed");
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
}
