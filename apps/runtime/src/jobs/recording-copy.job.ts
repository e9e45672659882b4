import * as z from "zod";

// The job's contract is shared with the API (an admin retries a failed copy): it lives in flow-schema.
export {
  RECORDING_COPY_JOB_OPTIONS,
  RECORDING_COPY_QUEUE,
  recordingCopyJobId,
  recordingCopyJobSchema,
  type RecordingCopyJob,
} from "@ringflow/flow-schema";

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
