import type { FlowDocument } from "../graph.ts";
import type { CallerInput } from "../simulator-protocol.ts";
import type { TestCase, TestHttpAnswer, TestInput } from "./test-case.ts";

/** One row of a call's execution log (CallEvent), as the API reads it. */
export interface LoggedEvent {
  seq: number;
  at: Date | number;
  type: string;
  nodeId: string | null;
  data: unknown;
}

/** A finished call and its log. */
export interface LoggedCall {
  id: string;
  test: boolean;
  from: string;
  to: string;
  direction: "INBOUND" | "OUTBOUND";
  startedAt: Date;
  events: LoggedEvent[];
}

/** Everything of a test case a call's log holds; what the caller heard is not logged, so the runner adds it. */
export type LoggedCase = Omit<TestCase, "id" | "name" | "createdAt" | "expect"> & {
  /** The blocks the call went through, as logged. */
  path: string[];
};

type Data = Record<string, unknown>;
const iso = (at: Date | number) => new Date(at).toISOString();
const num = (value: unknown) => (typeof value === "number" ? value : undefined);
const str = (value: unknown) => (typeof value === "string" ? value : undefined);

/** The log's `input` row as what the caller did; events the call core makes by itself (a text's outcome) are not. */
function callerInput(data: Data): CallerInput | null {
  switch (data.event) {
    case "gather.result": {
      const digits = str(data.digits);
      if (digits !== undefined) return { type: "digits", digits };
      const confidence = num(data.confidence);
      return {
        type: "speech",
        text: str(data.speech) ?? "",
        ...(confidence !== undefined ? { confidence } : {}),
      };
    }
    case "gather.timeout":
      return { type: "noInput" };
    case "dial.result": {
      const durationSeconds = num(data.durationSeconds);
      return {
        type: "dial",
        status: data.status as Extract<CallerInput, { type: "dial" }>["status"],
        ...(durationSeconds !== undefined ? { durationSeconds } : {}),
      };
    }
    case "enqueue.result": {
      const waitSeconds = num(data.waitSeconds);
      return {
        type: "queue",
        status: data.status as Extract<CallerInput, { type: "queue" }>["status"],
        ...(waitSeconds !== undefined ? { waitSeconds } : {}),
      };
    }
    case "record.result": {
      const transcript = str(data.transcript);
      return {
        type: "record",
        durationSeconds: num(data.durationSeconds) ?? 0,
        ...(transcript !== undefined ? { transcript } : {}),
      };
    }
    default:
      return null;
  }
}

/** The engine's reason when the caller (or the carrier's final status) ended the call, not the flow. */
const callerEnded = (reason: unknown) =>
  typeof reason === "string" && (reason === "the caller hung up" || reason.startsWith("call status "));

/**
 * A call's log as a test case: the caller's inputs with their times, the caller, the clock, and every HTTP
 * request's answer as the call got it (masked as the log holds it).
 */
export function caseFromLog(call: LoggedCall, timeZone: string): LoggedCase {
  const events = [...call.events].sort((a, b) => a.seq - b.seq);
  const start = events.find((e) => e.type === "call.start");
  const startData = (start?.data ?? {}) as Data;
  const inputs: TestInput[] = [];
  const http: TestHttpAnswer[] = [];
  const path: string[] = [];
  let request: Data | null = null;
  for (const event of events) {
    const data = (event.data ?? {}) as Data;
    if (event.type === "input") {
      const input = callerInput(data);
      if (input) inputs.push({ at: iso(num(data.at) ?? event.at), input });
    } else if (event.type === "enter" && event.nodeId) path.push(event.nodeId);
    else if (event.type === "end" && callerEnded(data.reason))
      inputs.push({ at: iso(event.at), input: { type: "hangup" } });
    else if (event.type === "http.request") request = data;
    else if ((event.type === "http.response" || event.type === "http.error") && request) {
      http.push({
        nodeId: event.nodeId,
        method: request.method as TestHttpAnswer["method"],
        url: str(request.url) ?? "",
        source: data.mocked ? "mocked" : "recorded",
        response:
          event.type === "http.response"
            ? {
                status: num(data.status) ?? 200,
                headers: (data.headers as Record<string, string> | undefined) ?? {},
                // The log's body is the JSON the runtime stored (or null when it had none).
                body: (data.body ?? null) as NonNullable<TestHttpAnswer["response"]>["body"],
              }
            : null,
        error: event.type === "http.error" ? (str(data.message) ?? "the request failed") : null,
      });
      request = null;
    }
  }
  const callerState = str(startData.callerState) ?? null;
  return {
    source: { kind: call.test ? "test-call" : "call", callId: call.id },
    caller: {
      from: str(startData.from) ?? call.from,
      to: str(startData.to) ?? call.to,
      direction: call.direction === "OUTBOUND" ? "outbound" : "inbound",
      callerState,
    },
    clock: { start: iso(start?.at ?? call.startedAt), timeZone },
    inputs,
    http,
    path,
  };
}

/** The zone a flow's clock is read in: its first Business hours block's, else UTC. */
export function flowTimeZone(document: FlowDocument): string {
  const hours = document.nodes.find(
    (n) => n.kind === "businessHours" && typeof n.params.timeZone === "string",
  );
  return hours ? String(hours.params.timeZone) : "UTC";
}
