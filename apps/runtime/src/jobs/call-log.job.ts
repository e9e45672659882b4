import * as z from "zod";
import { callLogEventSchema, callStatusSchema } from "@ringflow/flow-schema";

/**
 * The execution log's durable queue: a Redis stream that the call store appends to in the same atomic script
 * that writes the call's state, before the answer leaves; the log worker (call-log.worker.ts) reads it with a
 * consumer group and acknowledges what Postgres holds. A crash at any moment loses nothing.
 */
export const CALL_LOG_STREAM = "log:calls";
/** Entries that can never be written (after sanitizing); kept for an operator, never retried. */
export const CALL_LOG_DEAD_STREAM = "log:calls:dead";
export const CALL_LOG_GROUP = "writers";

export const logConsentSchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  required: z.boolean(),
  granted: z.boolean(),
  method: z.enum(["announcement", "dtmf"]),
  callerState: z.string().nullable(),
  rule: z.string(),
  announcementText: z.string(),
  digits: z.string().nullable(),
  at: z.number(),
});

export const logRecordingSchema = z.object({
  id: z.string(),
  providerRecordingId: z.string().nullable(),
  url: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  status: z.enum(["IN_PROGRESS", "AVAILABLE", "FAILED"]),
  kind: z.enum(["call", "voicemail"]),
  mailbox: z.string().nullable(),
  transcript: z.string().nullable(),
  consentRecordId: z.string().nullable(),
  /** The call's language when it was recorded (what transcription is asked for); absent in older entries. */
  language: z.string().nullable().optional(),
});

export const logSummarySchema = z.object({
  outcome: z.string(),
  disposition: z.string().nullable(),
  path: z.array(z.string()),
  variables: z.record(z.string(), z.unknown()),
  endedAt: z.number(),
  durationSeconds: z.number(),
  errorMessage: z.string().nullable(),
  /** The language the call ran in last (a Language block's choice, else the flow's); absent in older entries. */
  language: z.string().optional(),
});

export const logCallSchema = z.object({
  /** null: a status report of a call this runtime never ran; the row is found by provider call id. */
  callId: z.string().nullable(),
  tenantId: z.string(),
  provider: z.enum(["TWILIO", "ASTERISK", "SIGNALWIRE", "TELNYX", "SIMULATOR"]),
  providerCallId: z.string(),
  providerAccountId: z.string().nullable(),
  phoneNumberId: z.string().nullable(),
  flowId: z.string().nullable(),
  flowVersionId: z.string().nullable(),
  direction: z.enum(["INBOUND", "OUTBOUND"]),
  from: z.string(),
  to: z.string(),
  startedAt: z.number(),
  existingRow: z.boolean(),
  test: z.boolean(),
});

/** What the Enqueue step learned of the call's wait: the Call row's queue columns (only those given change). */
export const logQueueSchema = z.object({
  queueId: z.string().optional(),
  agentId: z.string().optional(),
  queuedAt: z.number().optional(),
  agentAnsweredAt: z.number().optional(),
  outcome: z.enum(["answered", "abandoned", "overflow", "callback"]).optional(),
  /** The number a callback was confirmed for. */
  callbackNumber: z.string().max(32).optional(),
});

/** Everything one turn of one call adds to the log; writing an entry twice changes nothing. */
export const callLogEntrySchema = z.object({
  call: logCallSchema,
  /** Insert the Call row when it is missing. */
  create: z.boolean(),
  events: z.array(callLogEventSchema),
  consents: z.array(logConsentSchema),
  recordings: z.array(logRecordingSchema),
  status: z.object({ value: callStatusSchema, durationSeconds: z.number().optional() }).optional(),
  summary: logSummarySchema.optional(),
  queue: logQueueSchema.optional(),
});

export type CallLogEntry = z.infer<typeof callLogEntrySchema>;
export type LogConsent = z.infer<typeof logConsentSchema>;
export type LogRecording = z.infer<typeof logRecordingSchema>;
export type LogSummary = z.infer<typeof logSummarySchema>;
export type LogCall = z.infer<typeof logCallSchema>;
export type LogQueue = z.infer<typeof logQueueSchema>;
