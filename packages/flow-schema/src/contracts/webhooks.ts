import * as z from "zod";

/**
 * Signed webhooks to tenants' own systems. Any process reports a fact by adding an `emit` job to the
 * `webhooks` BullMQ queue (the call core and the API for calls, the recordings jobs for recordings and
 * voicemail); the API's webhook worker turns it into one delivery per subscribed endpoint and POSTs each
 * (JSON body = the event) with `Ringflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
 * retrying with backoff. Receivers check the signature and the age of `t`, and drop repeats by `id`.
 */
export const WEBHOOK_EVENT_TYPES = [
  "call.started",
  "call.ended",
  "voicemail.received",
  "recording.ready",
] as const;
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

export const WEBHOOK_SIGNATURE_HEADER = "ringflow-signature";

const callData = {
  callId: z.string(),
  direction: z.enum(["INBOUND", "OUTBOUND"]).nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  flowId: z.string().nullable(),
};

const eventBase = {
  /** The same for every delivery and retry of one fact: receivers drop repeats by it. */
  id: z.string().min(1).max(200),
  tenantId: z.string(),
  occurredAt: z.iso.datetime(),
};

export const webhookEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("call.started"), ...eventBase, data: z.object(callData) }),
  z.object({
    type: z.literal("call.ended"),
    ...eventBase,
    data: z.object({
      ...callData,
      reason: z.string(),
      durationSeconds: z.number().nonnegative().nullable(),
      queueId: z.string().nullable(),
      agentId: z.string().nullable(),
      /** The outcome the agent chose in wrap-up; null for calls no agent took. */
      disposition: z.string().nullable(),
    }),
  }),
  z.object({
    type: z.literal("voicemail.received"),
    ...eventBase,
    data: z.object({ callId: z.string(), recordingId: z.string(), durationSeconds: z.number().nullable() }),
  }),
  z.object({
    type: z.literal("recording.ready"),
    ...eventBase,
    data: z.object({ callId: z.string(), recordingId: z.string(), durationSeconds: z.number().nullable() }),
  }),
]);
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export const WEBHOOKS_QUEUE = "webhooks";

/**
 * The jobs of the `webhooks` queue: a fact to send to every subscribed endpoint, one delivery, and the
 * periodic look at recordings copied into Ringflow's storage (recording ready, voicemail received).
 */
export const webhookJobSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("emit"), event: webhookEventSchema }),
  z.object({ kind: z.literal("deliver"), tenantId: z.string(), deliveryId: z.string() }),
  z.object({ kind: z.literal("sweep-recordings") }),
]);
export type WebhookJob = z.infer<typeof webhookJobSchema>;

/** One emit job per fact: reporting it twice adds nothing. */
export const webhookJobId = (job: Exclude<WebhookJob, { kind: "sweep-recordings" }>) =>
  (job.kind === "emit"
    ? `emit-${job.event.tenantId}-${job.event.id}`
    : `deliver-${job.deliveryId}`
  ).replaceAll(":", "_");

/** How often the API looks for newly copied recordings and voicemails. */
export const RECORDING_SWEEP_EVERY_MS = 15_000;

/** Deliveries: 8 attempts, 10 s doubling (about 20 minutes in all) before a delivery counts as failed. */
export const WEBHOOK_DELIVERY_ATTEMPTS = 8;
export const WEBHOOK_JOB_OPTIONS = {
  emit: {
    attempts: 3,
    backoff: { type: "exponential", delay: 1000 },
    removeOnComplete: true,
    removeOnFail: 1000,
  },
  deliver: {
    attempts: WEBHOOK_DELIVERY_ATTEMPTS,
    backoff: { type: "exponential", delay: 10_000 },
    removeOnComplete: true,
    removeOnFail: 1000,
  },
} as const;
