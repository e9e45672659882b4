import type { ProviderHealth } from "./provider-health.ts";

/** A carrier's REST answer that was not a success, or no answer at all (status 0). */
export class CarrierRestError extends Error {
  constructor(
    readonly carrier: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  /** Worth another carrier: it could not be reached, failed itself, or is rate-limiting us. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface CarrierRequest {
  carrier: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  url: string;
  headers: Record<string, string>;
  /** A form (Twilio-compatible APIs) or a JSON object. */
  body?: { form: URLSearchParams } | { json: unknown };
}

export interface HealthContext {
  health?: ProviderHealth | undefined;
  accountId?: string | undefined;
  /** This request tests whether a down account works again. */
  probe?: boolean;
}

const TIMEOUT_MS = 10_000;

/**
 * One REST request to a carrier, its outcome and latency counted in the account's health. A refusal keeps
 * the carrier's own words (its `message`, `detail` or `title`) so an admin can act on it.
 */
export async function carrierRequest<T>(request: CarrierRequest, context: HealthContext = {}): Promise<T> {
  const started = performance.now();
  const record = (ok: boolean) =>
    context.health && context.accountId
      ? context.health
          .record(context.accountId, {
            channel: "rest",
            ok,
            latencyMs: performance.now() - started,
            ...(context.probe ? { probe: true } : {}),
          })
          .catch(() => undefined)
      : undefined;
  const body = request.body
    ? "form" in request.body
      ? { body: request.body.form.toString(), type: "application/x-www-form-urlencoded" }
      : { body: JSON.stringify(request.body.json), type: "application/json" }
    : null;
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: {
        accept: "application/json",
        ...request.headers,
        ...(body ? { "content-type": body.type } : {}),
      },
      ...(body ? { body: body.body } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    await record(false);
    throw new CarrierRestError(
      request.carrier,
      0,
      `Could not reach ${request.carrier}: the network between this server and ${request.carrier} failed or it did not answer in time.`,
    );
  }
  const text = await response.text();
  const parsed = safeJson(text);
  if (!response.ok) {
    await record(response.status < 500 && response.status !== 429);
    throw new CarrierRestError(
      request.carrier,
      response.status,
      `${request.carrier} answered ${response.status}: ${carrierWords(parsed) ?? (text.slice(0, 200) || response.statusText)}`,
    );
  }
  await record(true);
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Twilio-compatible APIs say `message`; Telnyx says `errors[0].detail` or `title`. */
function carrierWords(body: unknown): string | null {
  if (!body || typeof body !== "object") return null;
  const record = body as { message?: unknown; errors?: { detail?: unknown; title?: unknown }[] };
  if (typeof record.message === "string") return record.message;
  const first = Array.isArray(record.errors) ? record.errors[0] : undefined;
  const words = first?.detail ?? first?.title;
  return typeof words === "string" ? words : null;
}

export const basicAuth = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
