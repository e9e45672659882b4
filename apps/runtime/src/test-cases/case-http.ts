import type { TestHttpAnswer } from "@ringflow/flow-schema";
import type { HttpRunner, HttpRunOutcome } from "../calls/http-results.ts";
import type { HttpRequestCommand } from "../http/executor.ts";

/**
 * A test case's request blocks: each request gets the case's answer for it (the same method and address,
 * else the next unused answer of that method, as addresses with secrets are logged masked). Nothing reaches
 * the network: a request the case has no answer for fails like a network error, and the diff shows it.
 */
export class CaseHttp implements HttpRunner {
  private readonly used = new Set<number>();
  private readonly outcomes = new Map<string, HttpRunOutcome>();

  constructor(private readonly answers: TestHttpAnswer[]) {}

  async run(command: HttpRequestCommand): Promise<HttpRunOutcome> {
    const index = this.pick(command);
    const answer = index === -1 ? undefined : this.answers[index];
    if (index !== -1) this.used.add(index);
    const outcome: HttpRunOutcome = !answer
      ? {
          type: "http.error",
          message: `the test case has no answer for ${command.method} ${command.url}`,
          ms: 0,
        }
      : answer.response
        ? { type: "http.response", ...answer.response, ms: 0, mocked: answer.source === "mocked" }
        : { type: "http.error", message: answer.error ?? "the request failed", ms: 0 };
    this.outcomes.set(command.requestId, outcome);
    return outcome;
  }

  async waitFor(requestId: string): Promise<HttpRunOutcome | null> {
    return this.outcomes.get(requestId) ?? null;
  }

  private pick(command: HttpRequestCommand): number {
    const free = (i: number) => !this.used.has(i);
    const exact = this.answers.findIndex(
      (a, i) => free(i) && a.method === command.method && a.url === command.url,
    );
    return exact !== -1 ? exact : this.answers.findIndex((a, i) => free(i) && a.method === command.method);
  }
}
