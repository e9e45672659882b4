import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { CallCommandOf, CallEvent } from "@ringflow/flow-schema";

export type HttpRequestCommand = CallCommandOf<"http.request">;

/** What a request node gets back: the engine's http.response or http.error, without turn and clock. */
export type HttpOutcome =
  | { type: "http.response"; status: number; body: unknown; headers: Record<string, string> }
  | { type: "http.error"; message: string; timedOut?: boolean };

export interface HttpExecutorOptions {
  /** `host` or `host:port` entries that may be reached although private or loopback (tests, on-premises). */
  allowHosts?: string[];
  /** Response bodies are cut off here. */
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

/** Runs the request of an HTTP request node: its own timeout, a size limit, no private addresses. */
export class HttpExecutor {
  private readonly allowHosts: Set<string>;
  private readonly maxBytes: number;

  constructor(options: HttpExecutorOptions = {}) {
    this.allowHosts = new Set((options.allowHosts ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean));
    this.maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  async run(command: HttpRequestCommand): Promise<HttpOutcome> {
    let url: URL;
    try {
      url = new URL(command.url);
    } catch {
      return { type: "http.error", message: `not a URL: ${command.url.slice(0, 200)}` };
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      return { type: "http.error", message: `only http and https URLs are allowed, not ${url.protocol}` };
    const refused = await this.refuse(url);
    if (refused) return { type: "http.error", message: refused };
    const signal = AbortSignal.timeout(command.timeoutSeconds * 1000);
    try {
      const response = await fetch(url, {
        method: command.method,
        headers: command.headers,
        ...(command.body !== undefined && command.method !== "GET" ? { body: command.body } : {}),
        redirect: "manual",
        signal,
      });
      const body = await readLimited(response, this.maxBytes);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      return { type: "http.response", status: response.status, body, headers };
    } catch (error) {
      if (signal.aborted)
        return {
          type: "http.error",
          message: `timed out after ${command.timeoutSeconds} s`,
          timedOut: true,
        };
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return { type: "http.error", message: cause ?? (error as Error).message };
    }
  }

  /** Why the URL may not be fetched, or null. Loopback, private, link-local and metadata addresses are out. */
  private async refuse(url: URL): Promise<string | null> {
    const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    if (this.allowHosts.has(host) || this.allowHosts.has(url.host.toLowerCase())) return null;
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return `cannot resolve ${host}`;
    }
    const bad = addresses.find(isPrivateAddress);
    return bad ? `requests to private or local addresses are not allowed (${host} is ${bad})` : null;
  }
}

export function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a = 0, b = 0] = v4.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const v6 = address.toLowerCase();
  return v6 === "::1" || v6 === "::" || v6.startsWith("fc") || v6.startsWith("fd") || v6.startsWith("fe80");
}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`the response is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The engine event for a request's outcome. */
export function httpEvent(command: HttpRequestCommand, outcome: HttpOutcome, at: number): CallEvent {
  const base = { turn: command.turn, at, requestId: command.requestId };
  return outcome.type === "http.response"
    ? { ...base, type: "http.response", status: outcome.status, body: outcome.body, headers: outcome.headers }
    : {
        ...base,
        type: "http.error",
        message: outcome.message,
        ...(outcome.timedOut ? { timedOut: true } : {}),
      };
}
