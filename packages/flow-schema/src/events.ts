import * as z from "zod";

/** The clock of the engine: every event says when it happened (epoch ms). */
const at = z.number().int().nonnegative();
/** The turn of the command this event answers; an event for another turn is a stale replay. */
const turn = z.number().int().nonnegative();

export const dialStatusSchema = z.enum(["answered", "no-answer", "busy", "failed", "canceled"]);
export const enqueueStatusSchema = z.enum(["bridged", "overflow", "hangup", "callback"]);

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
  /** For adapters that learn when audio ends (Asterisk); informational, the engine never waits for it. */
  z.object({ type: z.literal("playback.finished"), turn: turn.optional(), at }),
  z.object({
    type: z.literal("call.hangup"),
    turn: turn.optional(),
    at,
    by: z.enum(["caller", "system"]).optional(),
  }),
  z.object({ type: z.literal("call.status"), turn: turn.optional(), at, status: z.string() }),
]);

export type CallEvent = z.infer<typeof callEventSchema>;
export type CallEventType = CallEvent["type"];
export type CallEventOf<T extends CallEventType> = Extract<CallEvent, { type: T }>;
export type DialStatus = z.infer<typeof dialStatusSchema>;
export type EnqueueStatus = z.infer<typeof enqueueStatusSchema>;
