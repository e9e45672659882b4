import type { Redis } from "@ringflow/platform";
import type { HttpExecutor, HttpOutcome, HttpRequestCommand } from "../http/executor.ts";

/** Long enough for the slowest request node to be polled for. */
const RESULT_TTL_SECONDS = 10 * 60;
const POLL_INTERVAL_MS = 100;

/** A request node's outcome as the call core logs it: how long it took, and whether a test call's mock answered. */
export type HttpRunOutcome = HttpOutcome & { ms: number; mocked?: boolean };

/** How the call core runs request nodes: for live calls `HttpResults`, for test calls the admin's mocks too. */
export interface HttpRunner {
  /** Runs the request once; resolves with its outcome. Never rejects. */
  run(command: HttpRequestCommand): Promise<HttpRunOutcome>;
  /** The outcome of a request another process may be running, waiting up to `ms` for it. */
  waitFor(requestId: string, ms: number): Promise<HttpRunOutcome | null>;
}

/**
 * HTTP request nodes run in the background of the process that committed the turn; the outcome is kept in
 * Redis (`http:{requestId}`) so whichever process Twilio's next poll reaches can continue the call.
 */
export class HttpResults implements HttpRunner {
  constructor(
    private readonly redis: Redis,
    private readonly executor: HttpExecutor,
  ) {}

  static key = (requestId: string) => `http:${requestId}`;

  /** Runs the request once and stores its outcome; resolves with it too. Never rejects. */
  async run(command: HttpRequestCommand): Promise<HttpOutcome & { ms: number }> {
    const started = performance.now();
    const outcome = await this.executor
      .run(command)
      .catch((error: unknown): HttpOutcome => ({ type: "http.error", message: (error as Error).message }));
    const result = { ...outcome, ms: Math.round(performance.now() - started) };
    await this.redis
      .set(HttpResults.key(command.requestId), JSON.stringify(result), "EX", RESULT_TTL_SECONDS)
      .catch(() => {});
    return result;
  }

  async get(requestId: string): Promise<(HttpOutcome & { ms: number }) | null> {
    const raw = await this.redis.get(HttpResults.key(requestId));
    return raw ? (JSON.parse(raw) as HttpOutcome & { ms: number }) : null;
  }

  /** Waits up to `ms` for the outcome to appear. */
  async waitFor(requestId: string, ms: number): Promise<(HttpOutcome & { ms: number }) | null> {
    // Monotonic: a step of the wall clock neither holds the provider's webhook open nor cuts the wait short.
    const until = performance.now() + ms;
    for (;;) {
      const result = await this.get(requestId);
      if (result || performance.now() >= until) return result;
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }
}

/** The promise's value if it settles within `ms`, else undefined (the promise keeps running). */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
