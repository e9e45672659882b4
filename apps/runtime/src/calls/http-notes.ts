import { maskBody, maskHeaders, maskUrl } from "@ringflow/platform";
import type { HttpOutcome, HttpRequestCommand } from "../http/executor.ts";
import type { HttpRunOutcome } from "./http-results.ts";
import type { AdapterNote } from "./call-log.ts";

/** The execution log's record of a request node's request: secrets masked. */
export function httpRequestNote(command: HttpRequestCommand, nodeId: string | null): AdapterNote {
  return {
    type: "http.request",
    nodeId,
    data: {
      requestId: command.requestId,
      method: command.method,
      url: maskUrl(command.url),
      headers: maskHeaders(command.headers),
      ...(command.body !== undefined ? { body: maskBody(command.body) } : {}),
      timeoutSeconds: command.timeoutSeconds,
    },
  };
}

/** The execution log's record of what the request got: a response (masked) or an error. */
export function httpOutcomeNote(
  outcome: HttpOutcome | (Partial<HttpRunOutcome> & HttpOutcome),
  nodeId: string | null,
): AdapterNote {
  const extra = {
    ...("ms" in outcome && outcome.ms !== undefined ? { ms: outcome.ms } : {}),
    ...("mocked" in outcome && outcome.mocked ? { mocked: true } : {}),
  };
  return outcome.type === "http.response"
    ? {
        type: "http.response",
        nodeId,
        data: {
          status: outcome.status,
          headers: maskHeaders(outcome.headers),
          body: maskBody(outcome.body),
          ...extra,
        },
      }
    : {
        type: "http.error",
        nodeId,
        data: { message: outcome.message, timedOut: !!outcome.timedOut, ...extra },
      };
}
