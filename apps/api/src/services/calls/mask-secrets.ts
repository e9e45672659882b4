const SECRET_KEY =
  /authorization|cookie|token|secret|password|passwd|api[-_]?key|signature|credential|session/i;
const SECRET_VALUE = /^(bearer|basic|digest)\s+\S+/i;
export const MASK = "••••••";

/** A URL's query parameters with secret-looking names masked (`?api_key=…`); other strings unchanged. */
function maskUrl(value: string): string {
  if (!/^https?:\/\/[^?\s]+\?/i.test(value)) return value;
  try {
    const url = new URL(value);
    let masked = false;
    for (const key of [...url.searchParams.keys()])
      if (SECRET_KEY.test(key)) {
        url.searchParams.set(key, MASK);
        masked = true;
      }
    return masked ? url.toString() : value;
  } catch {
    return value;
  }
}

/**
 * A copy of logged data with secret-looking values masked: values under keys like Authorization or
 * apiKey (headers, bodies, variables alike), credentials written as "Bearer …" anywhere, and secret query
 * parameters of URLs.
 */
export function maskSecrets(value: unknown, key = ""): unknown {
  if (typeof value === "string")
    return SECRET_KEY.test(key) || SECRET_VALUE.test(value) ? MASK : maskUrl(value);
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
