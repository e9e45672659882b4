import type { RouterOutputs } from "../api/trpc.ts";

export type CallEventRow = NonNullable<RouterOutputs["calls"]["get"]>["events"][number];

type Data = Record<string, unknown>;
const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));

/** One line a person can read for an execution-log event (the runtime README lists every type and its data). */
export function describeEvent(event: CallEventRow): string {
  const data = (event.data ?? {}) as Data;
  switch (event.type) {
    case "call.start":
      return `Call from ${text(data.from)} to ${text(data.to)}`;
    case "input": {
      if (data.digits) return `Caller pressed ${text(data.digits)}`;
      if (data.speech) return `Caller said “${text(data.speech)}”`;
      if (data.event === "gather.timeout") return "Caller said nothing";
      return `${text(data.event)} ${text(data.status)}`.trim();
    }
    case "http.request":
      return `${text(data.method)} ${text(data.url)}`;
    case "http.response":
      return `HTTP ${text(data.status)} in ${text(data.ms)} ms`;
    case "http.error":
      return `Request failed: ${text(data.message)}`;
    case "call.status":
      return `Twilio status: ${text(data.status)}`;
    default: {
      const reason = text(data.reason);
      const port = event.port ? ` → ${event.port}` : "";
      return `${reason || event.type}${port}`;
    }
  }
}

/** Seconds since the call started, for the timeline's first column. */
export function offset(at: string | Date, startedAt: string | Date): string {
  const seconds = (new Date(at).getTime() - new Date(startedAt).getTime()) / 1000;
  return `+${seconds.toFixed(1)} s`;
}
