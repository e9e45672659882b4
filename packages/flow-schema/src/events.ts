import * as z from "zod";

/** The clock of the engine: every event says when it happened (epoch ms). */
const at = z.number().int().nonnegative();
/** The turn of the command this event answers; an event for another turn is a stale replay. */
const turn = z.number().int().nonnegative();

export const dialStatusSchema = z.enum(["answered", "no-answer", "busy", "failed", "canceled"]);
export const enqueueStatusSchema = z.enum(["bridged", "overflow", "hangup", "callback"]);

/**
 * A call's status as every provider's adapter reports it, in the order a call goes through them; the final
 * ones share the last rank (a late or out-of-order report never moves a call back).
 */
export const CALL_STATUS_RANK = {
  queued: 1,
  ringing: 2,
  "in-progress": 3,
  completed: 4,
  busy: 4,
  "no-answer": 4,
  failed: 4,
  canceled: 4,
} as const;
export const callStatusSchema = z.enum(
  Object.keys(CALL_STATUS_RANK) as [keyof typeof CALL_STATUS_RANK, ...(keyof typeof CALL_STATUS_RANK)[]],
);
export type CallStatus = z.infer<typeof callStatusSchema>;
export const FINAL_CALL_STATUS_RANK = 4;
/** The statuses that end a call. */
export const callEndStatusSchema = callStatusSchema.extract([
  "completed",
  "busy",
  "no-answer",
  "failed",
  "canceled",
]);
export type CallEndStatus = z.infer<typeof callEndStatusSchema>;

export const callEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("gather.result"),
    turn,
    at,
    digits: z.string().optional(),
    speech: z.string().optional(),
    confidence: z.number().min(0).max(1).optional(),
  }),
  z.object({ type: z.literal("gather.timeout"), turn, at }),
  z.object({
    type: z.literal("dial.result"),
    turn,
    at,
    status: dialStatusSchema,
    durationSeconds: z.number().nonnegative().optional(),
  }),
  z.object({
    type: z.literal("enqueue.result"),
    turn,
    at,
    status: enqueueStatusSchema,
    waitSeconds: z.number().nonnegative().optional(),
  }),
  z.object({
    type: z.literal("record.result"),
    turn,
    at,
    url: z.string().optional(),
    durationSeconds: z.number().nonnegative().optional(),
    transcript: z.string().optional(),
  }),
  z.object({
    type: z.literal("http.response"),
    turn,
    at,
    requestId: z.string(),
    status: z.number().int(),
    body: z.unknown(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
  z.object({
    type: z.literal("http.error"),
    turn,
    at,
    requestId: z.string(),
    message: z.string(),
    timedOut: z.boolean().optional(),
  }),
  /** What the provider's messaging API said of an `sms.send`. */
  z.object({
    type: z.literal("sms.result"),
    turn,
    at,
    requestId: z.string(),
    status: z.enum(["sent", "failed"]),
    messageId: z.string().optional(),
    error: z.string().optional(),
  }),
  /** For adapters that learn when audio ends (Asterisk); informational, the engine never waits for it. */
  z.object({ type: z.literal("playback.finished"), turn: turn.optional(), at }),
  z.object({
    type: z.literal("call.hangup"),
    turn: turn.optional(),
    at,
    by: z.enum(["caller", "system"]).optional(),
  }),
  /** The provider ended the call (its final status). */
  z.object({ type: z.literal("call.status"), turn: turn.optional(), at, status: callEndStatusSchema }),
]);

export type CallEvent = z.infer<typeof callEventSchema>;
export type CallEventType = CallEvent["type"];
export type CallEventOf<T extends CallEventType> = Extract<CallEvent, { type: T }>;
export type DialStatus = z.infer<typeof dialStatusSchema>;
export type EnqueueStatus = z.infer<typeof enqueueStatusSchema>;
