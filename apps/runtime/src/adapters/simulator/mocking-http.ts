import { compileTenantRegex, type SimulatorHttpMock } from "@ringflow/flow-schema";
import type { HttpRunner, HttpRunOutcome } from "../../calls/http-results.ts";
import type { HttpExecutor, HttpOutcome, HttpRequestCommand } from "../../http/executor.ts";

/**
 * The test call's request nodes: the admin's mock when one matches (a substring of the URL, or `/regex/` on a
 * linear-time engine), else the real request under the same address rules as live calls.
 */
export class MockingHttp implements HttpRunner {
  private readonly outcomes = new Map<string, HttpRunOutcome>();

  constructor(
    private readonly mocks: SimulatorHttpMock[],
    private readonly executor: HttpExecutor,
  ) {}

  async run(command: HttpRequestCommand): Promise<HttpRunOutcome> {
    const started = performance.now();
    const mock = findMock(this.mocks, command);
    const outcome = await (mock ? mocked(mock, command) : this.executor.run(command)).catch(
      (error: unknown): HttpOutcome => ({ type: "http.error", message: (error as Error).message }),
    );
    const result = {
      ...outcome,
      ms: Math.round(performance.now() - started),
      ...(mock ? { mocked: true } : {}),
    };
    this.outcomes.set(command.requestId, result);
    return result;
  }

  async waitFor(requestId: string): Promise<HttpRunOutcome | null> {
    return this.outcomes.get(requestId) ?? null;
  }
}

function findMock(mocks: SimulatorHttpMock[], command: HttpRequestCommand): SimulatorHttpMock | undefined {
  return mocks.find((m) => {
    if (m.method && m.method !== command.method) return false;
    const regex = /^\/(.+)\/([a-z]*)$/.exec(m.urlPattern);
    if (!regex) return command.url.includes(m.urlPattern);
    const compiled = compileTenantRegex(regex[1] as string, regex[2] as string);
    return compiled.ok ? compiled.regex.test(command.url) : false;
  });
}

async function mocked(mock: SimulatorHttpMock, command: HttpRequestCommand): Promise<HttpOutcome> {
  const limit = command.timeoutSeconds * 1000;
  if (mock.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(mock.delayMs, limit)));
  if (mock.delayMs >= limit)
    return { type: "http.error", message: `timed out after ${command.timeoutSeconds} s`, timedOut: true };
  if (mock.error) return { type: "http.error", message: mock.error };
  return {
    type: "http.response",
    status: mock.status,
    body: typeof mock.body === "string" ? mock.body : JSON.stringify(mock.body ?? null),
    headers: { "content-type": "application/json", ...mock.headers },
  };
}
