import type { JobsOptions } from "bullmq";
import * as z from "zod";

/**
 * Transcribes a copied recording or voicemail with the tenant's engine and stores the redacted transcript.
 * Added by the copy job once Ringflow holds the audio; safe to run twice.
 */
export const RECORDING_TRANSCRIPTION_QUEUE = "recording-transcription";

export const recordingTranscriptionJobSchema = z.object({
  tenantId: z.string(),
  recordingId: z.string(),
});
export type RecordingTranscriptionJob = z.infer<typeof recordingTranscriptionJobSchema>;

export const recordingTranscriptionJobId = (job: RecordingTranscriptionJob) =>
  `transcribe-${job.recordingId}`;

export const RECORDING_TRANSCRIPTION_JOB_OPTIONS = {
  attempts: 5,
  // 30 s, 1, 2, 4 min: Twilio's own transcription can take minutes after the recording.
  backoff: { type: "exponential", delay: 30_000 },
  removeOnComplete: true,
  removeOnFail: 1000,
} satisfies JobsOptions;

/** A tenant's engine; "twilio" falls back to the local engine for recordings that did not come from Twilio. */
export const transcriptionEngineSettingSchema = z.enum(["local", "twilio", "cloud", "off"]);
