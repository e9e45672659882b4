import * as z from "zod";
import { callStatusSchema, type CallStatus } from "@ringflow/flow-schema";

/**
 * Twilio's webhook form fields (application/x-www-form-urlencoded, all strings). Only the fields the runtime
 * reads are listed; Twilio sends more, and they pass through untouched (they still count for the signature).
 */
const optionalNumber = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : Number(v)))
  .pipe(z.number().nonnegative().optional());

export const voiceParamsSchema = z.object({
  CallSid: z.string().min(1),
  AccountSid: z.string().min(1),
  From: z.string().default(""),
  To: z.string().default(""),
  CallStatus: z.string().default("in-progress"),
  /** inbound, outbound-api or outbound-dial. */
  Direction: z.string().default("inbound"),
  /** The caller's state or province, when the carrier knows it. */
  FromState: z.string().optional(),
  /** The called party's state: on an outbound call, the person on the other end. */
  ToState: z.string().optional(),
});

export const gatherParamsSchema = voiceParamsSchema.extend({
  Digits: z.string().optional(),
  SpeechResult: z.string().optional(),
  Confidence: optionalNumber,
});

/** DialCallStatus: completed, answered, busy, no-answer, failed, canceled. */
export const dialParamsSchema = voiceParamsSchema.extend({
  DialCallStatus: z.string().default("failed"),
  DialCallDuration: optionalNumber,
  DialCallSid: z.string().optional(),
});

/** QueueResult: bridged, bridging-in-process, queue-full, redirected, hangup, error, system-error, leave. */
export const enqueueParamsSchema = voiceParamsSchema.extend({
  QueueResult: z.string().default("error"),
  QueueTime: optionalNumber,
  QueueSid: z.string().optional(),
});

export const recordParamsSchema = voiceParamsSchema.extend({
  RecordingUrl: z.string().optional(),
  RecordingDuration: optionalNumber,
  RecordingSid: z.string().optional(),
  Digits: z.string().optional(),
});

/** Call status callbacks: CallStatus is queued, initiated, ringing, in-progress, completed, busy, no-answer, failed or canceled. */
export const statusParamsSchema = voiceParamsSchema.extend({
  CallDuration: optionalNumber,
  Timestamp: z.string().optional(),
  SequenceNumber: optionalNumber,
});

/** recordingStatusCallback of <Start><Recording> and <Record>. */
export const recordingStatusParamsSchema = z.object({
  AccountSid: z.string().min(1),
  CallSid: z.string().min(1),
  RecordingSid: z.string().min(1),
  RecordingUrl: z.string().optional(),
  RecordingStatus: z.string().default("completed"),
  RecordingDuration: optionalNumber,
  RecordingChannels: z.string().optional(),
});

/** transcribeCallback of <Record transcribe>. */
export const transcriptionParamsSchema = z.object({
  AccountSid: z.string().min(1),
  CallSid: z.string().min(1),
  RecordingSid: z.string().min(1),
  TranscriptionText: z.string().default(""),
  TranscriptionStatus: z.string().default("completed"),
});

export type VoiceParams = z.infer<typeof voiceParamsSchema>;
export type GatherParams = z.infer<typeof gatherParamsSchema>;
export type DialParams = z.infer<typeof dialParamsSchema>;
export type EnqueueParams = z.infer<typeof enqueueParamsSchema>;
export type RecordParams = z.infer<typeof recordParamsSchema>;
export type StatusParams = z.infer<typeof statusParamsSchema>;
export type RecordingStatusParams = z.infer<typeof recordingStatusParamsSchema>;
export type TranscriptionParams = z.infer<typeof transcriptionParamsSchema>;

/** The turn an action URL carries (`?turn=3`); absent or garbled means "not an action of this runtime". */
export const turnQuerySchema = z.object({
  turn: z
    .string()
    .regex(/^\d{1,9}$/, "turn must be a whole number")
    .transform(Number),
});

/** Twilio's CallStatus in the call core's words (Twilio says "initiated" for a call placed but not ringing). */
export function neutralStatus(status: string): CallStatus | null {
  if (status === "initiated") return "queued";
  const parsed = callStatusSchema.safeParse(status);
  return parsed.success ? parsed.data : null;
}
