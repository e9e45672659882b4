import type { Json } from "../state.ts";
import { NodeFailure } from "../context.ts";
import { fail, next, type StepDefinition } from "./types.ts";

export const httpRequestStep: StepDefinition<"httpRequest"> = {
  enter(ctx) {
    const p = ctx.params;
    const url = withQuery(
      ctx.render(p.url),
      p.query.map((q): [string, string] => [q.name, ctx.render(q.value)]),
    );
    const headers: Record<string, string> = {};
    for (const h of p.headers) headers[h.name] = ctx.render(h.value);
    let body: string | undefined;
    if (p.body.type === "json") {
      body = ctx.render(p.body.json);
      try {
        JSON.parse(body);
      } catch {
        throw new NodeFailure(`The JSON body is not valid JSON once filled in: ${body.slice(0, 80)}`);
      }
      setDefaultContentType(headers, "application/json");
    } else if (p.body.type === "form") {
      body = new URLSearchParams(
        p.body.fields.map((f): [string, string] => [f.name, ctx.render(f.value)]),
      ).toString();
      setDefaultContentType(headers, "application/x-www-form-urlencoded");
    }
    // Deterministic: one request per turn of the call.
    const requestId = `${ctx.state.callId}:${ctx.turn}`;
    ctx.emit({
      type: "http.request",
      turn: ctx.turn,
      requestId,
      method: p.method,
      url,
      headers,
      ...(body !== undefined ? { body } : {}),
      timeoutSeconds: p.timeoutSeconds,
    });
    return { type: "wait", for: "http", requestId, reason: `${p.method} ${url}` };
  },
  resume(ctx, event) {
    if (event.type === "http.error") {
      ctx.setOutputs({ status: null, body: null, headers: {}, error: event.message });
      return fail(
        event.timedOut
          ? `the request timed out after ${ctx.params.timeoutSeconds} s`
          : `the request failed: ${event.message}`,
      );
    }
    if (event.type !== "http.response") return fail(`unexpected ${event.type}`);
    const body = parseBody(event.body);
    ctx.setOutputs({ status: event.status, body, headers: event.headers ?? {}, error: null });
    if (event.status < 200 || event.status >= 400) return fail(`the service answered HTTP ${event.status}`);
    const missing: string[] = [];
    for (const { variable, path } of ctx.params.responseMapping) {
      const value = valueAt(body, path);
      if (value === undefined) missing.push(path);
      else ctx.setVariable(variable, value);
    }
    return next(
      "success",
      `HTTP ${event.status}${missing.length ? `; not in the response: ${missing.join(", ")}` : ""}`,
    );
  },
};

/** Encoded here, after rendering, so a `+` or `&` in a caller's number or speech arrives as it was. */
export function withQuery(url: string, query: [string, string][]): string {
  if (query.length === 0) return url;
  const pairs = query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  const [base = "", fragment] = url.split("#", 2);
  const joined = `${base}${base.includes("?") ? (/[?&]$/.test(base) ? "" : "&") : "?"}${pairs.join("&")}`;
  return fragment === undefined ? joined : `${joined}#${fragment}`;
}

function parseBody(body: unknown): Json {
  if (typeof body !== "string") return (body ?? null) as Json;
  try {
    return JSON.parse(body) as Json;
  } catch {
    return body;
  }
}

/** `customer.tier`, `items[0].id` or `items.0.id`. */
export function valueAt(value: Json, path: string): Json | undefined {
  let current: Json | undefined = value;
  for (const key of path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter(Boolean)) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? current[Number(key)] : (current as Record<string, Json>)[key];
  }
  return current;
}

/** Header names are case-insensitive: an admin's "content-type" wins over ours. */
function setDefaultContentType(headers: Record<string, string>, type: string): void {
  if (!Object.keys(headers).some((name) => name.toLowerCase() === "content-type"))
    headers["Content-Type"] = type;
}
