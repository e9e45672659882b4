/** Names whose values never reach the execution log. */
const SECRET_NAME = /auth|token|secret|password|passwd|api[-_]?key|cookie|session|signature|credential/i;
const MASK = "[masked]";

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = SECRET_NAME.test(name) ? MASK : value;
  return out;
}

/** Query parameters named like secrets are masked; the rest of the URL is kept. */
export function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = MASK;
    for (const name of [...url.searchParams.keys()])
      if (SECRET_NAME.test(name)) url.searchParams.set(name, MASK);
    return url.toString();
  } catch {
    return raw;
  }
}

/** JSON (or form) bodies with secret-named fields masked at any depth; other text is kept, cut to 4 KB. */
export function maskBody(body: unknown): unknown {
  if (typeof body === "string") {
    try {
      return maskBody(JSON.parse(body));
    } catch {
      if (/^[\w.%-]+=/.test(body) && !body.includes(" ")) {
        const form = new URLSearchParams(body);
        for (const name of [...form.keys()]) if (SECRET_NAME.test(name)) form.set(name, MASK);
        return form.toString().slice(0, 4096);
      }
      return body.slice(0, 4096);
    }
  }
  if (Array.isArray(body)) return body.slice(0, 100).map(maskBody);
  if (body && typeof body === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body))
      out[key] = SECRET_NAME.test(key) ? MASK : maskBody(value);
    return out;
  }
  return body;
}

/** URLs inside free text (a trace entry's reason) with their secret query parameters masked. */
export function maskText(text: string): string {
  return text.includes("://") ? text.replace(/\bhttps?:\/\/[^\s"']+/g, (url) => maskUrl(url)) : text;
}
