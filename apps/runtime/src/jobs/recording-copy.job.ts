import type { JobsOptions } from "bullmq";
import * as z from "zod";

/**
 * Copies a finished recording from the provider into Ringflow's encrypted storage, then (when the tenant
 * allows it) deletes the provider's copy. Added when a recording becomes AVAILABLE; safe to run twice.
 */
export const RECORDING_COPY_QUEUE = "recording-copy";

export const recordingCopyJobSchema = z.object({
  tenantId: z.string(),
  recordingId: z.string(),
});
export type RecordingCopyJob = z.infer<typeof recordingCopyJobSchema>;

/** One job per recording: a second AVAILABLE report while it is queued adds nothing. */
export const recordingCopyJobId = (job: RecordingCopyJob) => `copy-${job.recordingId}`;

export const RECORDING_COPY_JOB_OPTIONS = {
  attempts: 6,
  // 2 s, 4 s, 8 s… about a minute in all: Twilio's media can lag the status callback briefly.
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: true,
  removeOnFail: 1000,
} satisfies JobsOptions;

export const recordingLimitsSchema = z.object({
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(200 * 1024 * 1024),
  maxDurationSeconds: z
    .number()
    .positive()
    .default(4 * 60 * 60),
});
export type RecordingLimits = z.infer<typeof recordingLimitsSchema>;
