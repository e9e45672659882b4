import * as z from "zod";

/**
 * Copies a finished recording from the provider into Ringflow's encrypted storage, then (when the tenant
 * allows it) deletes the provider's copy. Added by the runtime when a recording becomes AVAILABLE, and by the
 * API when an admin retries a copy that failed; safe to run twice.
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
  backoff: { type: "exponential" as const, delay: 2000 },
  removeOnComplete: true,
  removeOnFail: 1000,
};
