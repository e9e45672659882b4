import type { CallCommandOf, CallEvent } from "@ringflow/flow-schema";
import { OutboundGuard, OutboundRefusedError, type ResolveHost } from "@ringflow/platform";

export type HttpRequestCommand = CallCommandOf<"http.request">;

/** What a request node gets back: the engine's http.response or http.error, without turn and clock. */
export type HttpOutcome =
  | { type: "http.response"; status: number; body: unknown; headers: Record<string, string> }
  | { type: "http.error"; message: string; timedOut?: boolean };

export interface HttpExecutorOptions {
  /**
   * `host`, `host:port` entries and CIDR networks that may be reached although private or loopback
   * (tests, on-premises).
   */
  allowHosts?: string[];
  /** Response bodies are cut off here. */
  maxResponseBytes?: number;
  /** The DNS lookup (tests inject one; the system resolver otherwise). */
  resolve?: ResolveHost;
}

const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * Runs the request of an HTTP request node: its own timeout, a size limit, no special-purpose addresses
 * (the platform's outbound guard, which also connects only to the address it checked).
 */
export class HttpExecutor {
  private readonly guard: OutboundGuard;
  private readonly maxBytes: number;

  constructor(options: HttpExecutorOptions = {}) {
    this.guard = new OutboundGuard({
      allow: options.allowHosts ?? [],
      ...(options.resolve ? { resolve: options.resolve } : {}),
    });
    this.maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  async run(command: HttpRequestCommand): Promise<HttpOutcome> {
    if (!URL.canParse(command.url))
      return { type: "http.error", message: `not a URL: ${command.url.slice(0, 200)}` };
    const signal = AbortSignal.timeout(command.timeoutSeconds * 1000);
    try {
      const response = await this.guard.request(command.url, {
        method: command.method,
        headers: command.headers,
        ...(command.body !== undefined && command.method !== "GET" ? { body: command.body } : {}),
        signal,
        maxResponseBytes: this.maxBytes,
      });
      return { type: "http.response", ...response };
    } catch (error) {
      if (error instanceof OutboundRefusedError) return { type: "http.error", message: error.message };
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
