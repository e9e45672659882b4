/**
 * The one masking module: what is written to the execution log, the call's variables, and what the API shows
 * of them. Names like Authorization or apiKey, credentials written as "Bearer …" anywhere and secret query
 * parameters of URLs never reach a log row. Text is also made storable (no NUL, no lone surrogates).
 */
const SECRET_NAME =
  /auth|token|secret|password|passwd|api[-_]?key|cookie|session|signature|credential|ssn|card[-_]?number|cvv|\bpin\b/i;
const SECRET_VALUE = /^(bearer|basic|digest)\s+\S+/i;
export const MASK = "[masked]";
const MAX_TEXT = 4096;
const MAX_ITEMS = 100;
const MAX_DEPTH = 12;

export const isSecretName = (name: string) => SECRET_NAME.test(name);

/**
 * Text Postgres can store and JSON can carry: NUL characters and lone UTF-16 surrogates (which a caller's
 * speech result or a web service can contain) become U+FFFD.
 */
export function storableText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000\ud800-\udfff]/.test(text)
    ? // eslint-disable-next-line no-control-regex
      text.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
    : text;
}

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    out[storableText(name)] = SECRET_NAME.test(name) ? MASK : storableText(value);
  return out;
}

/** Query parameters named like secrets and a URL's password are masked; the rest of the URL is kept. */
export function maskUrl(raw: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return storableText(raw);
  try {
    const url = new URL(raw);
    let masked = false;
    if (url.password) {
      url.password = MASK;
      masked = true;
    }
    for (const name of [...url.searchParams.keys()])
      if (SECRET_NAME.test(name)) {
        url.searchParams.set(name, MASK);
        masked = true;
      }
    return storableText(masked ? url.toString() : raw);
  } catch {
    return storableText(raw);
  }
}

/** URLs inside free text (a trace entry's reason) with their secrets masked. */
export function maskText(text: string): string {
  const clean = storableText(text);
  return clean.includes("://") ? clean.replace(/\bhttps?:\/\/[^\s"']+/g, (url) => maskUrl(url)) : clean;
}

/**
 * A copy of any JSON-like value with secret-named fields masked at any depth, credentials and URL secrets
 * masked in strings, long texts and arrays cut, and every string storable.
 */
export function maskValue(value: unknown, name = "", depth = 0): unknown {
  if (typeof value === "string") {
    if (SECRET_NAME.test(name) || SECRET_VALUE.test(value)) return MASK;
    return maskText(value.length > MAX_TEXT ? value.slice(0, MAX_TEXT) : value);
  }
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => maskValue(item, name, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    out[storableText(key)] =
      SECRET_NAME.test(key) && (item === null || typeof item !== "object")
        ? MASK
        : maskValue(item, key, depth + 1);
  return out;
}

/** A request or response body: JSON and form bodies masked field by field, other text kept (cut to 4 KB). */
export function maskBody(body: unknown): unknown {
  if (typeof body !== "string") return maskValue(body);
  try {
    return maskValue(JSON.parse(body));
  } catch {
    if (/^[\w.%-]+=/.test(body) && !body.includes(" ")) {
      const form = new URLSearchParams(body);
      for (const name of [...form.keys()]) if (SECRET_NAME.test(name)) form.set(name, MASK);
      return storableText(form.toString().slice(0, MAX_TEXT));
    }
    return maskText(body.slice(0, MAX_TEXT));
  }
}

/**
 * A database error as a log line may carry it: its kind, its code and its reason (the message's last line,
 * "Foreign key constraint violated…", "Argument `x` is missing."). Prisma's message also prints the query
 * it refused with its arguments, which for a call are what the caller entered and said: that part is left out,
 * and so is the stack, which repeats the message.
 */
export function loggableDbError(error: unknown): { type: string; code?: string; reason: string } {
  if (!(error instanceof Error)) return { type: typeof error, reason: "not an Error" };
  const lines = error.message.split("\n").map((line) => line.trim());
  const reason = lines.filter(Boolean).at(-1) ?? "";
  const code = (error as { code?: unknown }).code;
  return {
    type: error.constructor.name,
    ...(typeof code === "string" ? { code } : {}),
    reason: maskText(reason).slice(0, 300),
  };
}
