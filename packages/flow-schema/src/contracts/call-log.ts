import * as z from "zod";
import { callStatusSchema } from "../events.ts";
import { httpMethodSchema } from "../commands.ts";

/**
 * The execution log: what one row of `CallEvent` holds, by type. The runtime writes only these; the builder's
 * call detail describes them with `describeCallLogEvent`; the README's table is checked against `CALL_LOG_TYPES`.
 */
const json = z.record(z.string(), z.unknown());
const traceData = z.object({
  turn: z.number().int(),
  flowId: z.string().nullable(),
  kind: z.string().nullable(),
  reason: z.string(),
  variables: json,
});
const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));

export const callLogDataSchemas = {
  "call.start": z.object({
    from: z.string(),
    to: z.string(),
    direction: z.string(),
    callerState: z.string().nullable(),
    test: z.boolean().optional(),
  }),
  enter: traceData,
  resume: traceData,
  wait: traceData,
  ignored: traceData,
  error: traceData,
  end: traceData,
  input: z.object({ event: z.string(), turn: z.number().int().optional(), at: z.number() }).loose(),
  "http.request": z.object({
    requestId: z.string(),
    method: httpMethodSchema,
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.unknown().optional(),
    timeoutSeconds: z.number(),
  }),
  "http.response": z.object({
    status: z.number().int(),
    headers: z.record(z.string(), z.string()),
    body: z.unknown(),
    ms: z.number().optional(),
    /** A test call's scripted answer. */
    mocked: z.boolean().optional(),
  }),
  "http.error": z.object({
    message: z.string(),
    timedOut: z.boolean(),
    ms: z.number().optional(),
    mocked: z.boolean().optional(),
  }),
  "call.status": z.object({ status: callStatusSchema, durationSeconds: z.number().nullable() }),
  "sms.request": z.object({ requestId: z.string(), to: z.string(), body: z.string() }),
  /** Outbound: the accounts asked to place the call, in order (failover), and why one was passed over. */
  "call.placed": z.object({
    attempts: z.array(
      z.object({
        providerAccountId: z.string(),
        provider: z.string(),
        outcome: z.enum(["placed", "refused", "skipped"]),
        reason: z.string().optional(),
      }),
    ),
  }),
} as const;

export type CallLogType = keyof typeof callLogDataSchemas;
export type CallLogData<T extends CallLogType> = z.infer<(typeof callLogDataSchemas)[T]>;
export const CALL_LOG_TYPES = Object.keys(callLogDataSchemas) as CallLogType[];
export const callLogTypeSchema = z.enum(CALL_LOG_TYPES as [CallLogType, ...CallLogType[]]);

/** One CallEvent row as the runtime writes it; (callId, seq) is unique. */
export const callLogEventSchema = z.object({
  seq: z.number().int().nonnegative(),
  at: z.number(),
  type: callLogTypeSchema,
  nodeId: z.string().nullable(),
  port: z.string().nullable(),
  data: json,
});
export type CallLogEvent = z.infer<typeof callLogEventSchema>;

/** What the log's `nodeId` column holds for each type, for the README's table. */
export const CALL_LOG_NODE: Record<CallLogType, string> = {
  "call.start": "–",
  enter: "the node",
  resume: "the node",
  wait: "the node",
  ignored: "the node",
  error: "the node",
  end: "the node",
  input: "the node that waited",
  "http.request": "the request node",
  "http.response": "the request node",
  "http.error": "the request node",
  "call.status": "–",
  "sms.request": "the text node",
  "call.placed": "–",
};

type Describe = { [T in CallLogType]: (data: CallLogData<T>, port: string | null) => string };

const traceLine = (data: z.infer<typeof traceData>, port: string | null) =>
  `${data.reason}${port ? ` → ${port}` : ""}`;

const describe: Describe = {
  "call.start": (d) => `${d.test ? "Test call" : "Call"} from ${d.from} to ${d.to}`,
  enter: traceLine,
  resume: traceLine,
  wait: traceLine,
  ignored: traceLine,
  error: traceLine,
  end: traceLine,
  input: (d) => {
    if (d.digits) return `Caller pressed ${text(d.digits)}`;
    if (d.speech) return `Caller said “${text(d.speech)}”`;
    if (d.event === "gather.timeout") return "Caller said nothing";
    return `${d.event} ${text(d.status)}`.trim();
  },
  "http.request": (d) => `${d.method} ${d.url}`,
  "http.response": (d) => `HTTP ${d.status}${d.ms !== undefined ? ` in ${d.ms} ms` : ""}`,
  "http.error": (d) => `Request failed: ${d.message}`,
  "call.status": (d) => `Provider status: ${d.status}`,
  "sms.request": (d) => `Text to ${d.to}: “${d.body}”`,
  "call.placed": (d) =>
    d.attempts.map((a) => `${a.provider} ${a.outcome}${a.reason ? ` (${a.reason})` : ""}`).join(", then "),
};

/** One line a person can read for a log row; rows that do not match the contract fall back to their type. */
export function describeCallLogEvent(event: { type: string; port: string | null; data?: unknown }): string {
  const type = callLogTypeSchema.safeParse(event.type);
  if (!type.success) return event.type;
  const data = callLogDataSchemas[type.data].safeParse(event.data ?? {});
  if (!data.success) return event.type;
  return (describe[type.data] as (data: unknown, port: string | null) => string)(data.data, event.port);
}
