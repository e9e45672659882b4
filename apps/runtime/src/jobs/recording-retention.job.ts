import * as z from "zod";
import { RETENTION_CRON } from "@ringflow/recordings";

/** Once a day: deletes recordings past their deleteAfter (never a held call's), keeping a deletion record. */
export const RECORDING_RETENTION_QUEUE = "recording-retention";

export const recordingRetentionJobSchema = z.object({});
export type RecordingRetentionJob = z.infer<typeof recordingRetentionJobSchema>;

/** 03:17 UTC daily (the builder's "deleted on" dates count with the same run time). */
export const RECORDING_RETENTION_SCHEDULE = { id: "daily", pattern: RETENTION_CRON, tz: "UTC" };
