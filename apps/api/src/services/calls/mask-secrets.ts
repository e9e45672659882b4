const SECRET_KEY =
  /authorization|cookie|token|secret|password|passwd|api[-_]?key|signature|credential|session/i;
const SECRET_VALUE = /^(bearer|basic|digest)\s+\S+/i;
export const MASK = "••••••";

/**
 * A copy of logged data with secret-looking values masked: values under keys like Authorization or
 * apiKey (headers, bodies, variables alike), and credentials written as "Bearer …" anywhere.
 */
export function maskSecrets(value: unknown, key = ""): unknown {
  if (typeof value === "string") return SECRET_KEY.test(key) || SECRET_VALUE.test(value) ? MASK : value;
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, key));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) && v !== null && typeof v !== "object" ? MASK : maskSecrets(v, k),
      ]),
    );
  return value;
}
