import { open, parseKeyring, seal, type Keyring } from "./secrets.ts";

let cached: { spec: string; keyring: Keyring } | undefined;

/** The keyring from RINGFLOW_SECRET_KEYS, parsed once per distinct value. */
export function keyring(spec = process.env.RINGFLOW_SECRET_KEYS): Keyring {
  if (!spec)
    throw new Error("RINGFLOW_SECRET_KEYS is not set: provider credentials cannot be read or stored.");
  if (cached?.spec !== spec) cached = { spec, keyring: parseKeyring(spec) };
  return cached.keyring;
}

/** Credentials are bound to their tenant and provider kind, so a row's ciphertext cannot be reused elsewhere. */
const associatedData = (tenantId: string, kind: string) => `${tenantId}:${kind}`;

export function sealCredentials(tenantId: string, kind: string, credentials: object) {
  const sealed = seal(keyring(), JSON.stringify(credentials), associatedData(tenantId, kind));
  return { credentials: sealed.value, credentialsKeyId: sealed.keyId };
}

export function openCredentials<T>(row: {
  tenantId: string;
  kind: string;
  credentials: string;
  credentialsKeyId: string;
}): T {
  const json = open(
    keyring(),
    { keyId: row.credentialsKeyId, value: row.credentials },
    associatedData(row.tenantId, row.kind),
  );
  return JSON.parse(json) as T;
}
