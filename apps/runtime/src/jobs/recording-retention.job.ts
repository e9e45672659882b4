import * as z from "zod";

/** Once a day: deletes recordings past their deleteAfter (never a held call's), keeping a deletion record. */
export const RECORDING_RETENTION_QUEUE = "recording-retention";

export const recordingRetentionJobSchema = z.object({});
export type RecordingRetentionJob = z.infer<typeof recordingRetentionJobSchema>;

/** 03:17 UTC daily: off the hour, when calls are fewest for most tenants. */
export const RECORDING_RETENTION_SCHEDULE = { id: "daily", pattern: "17 3 * * *", tz: "UTC" };
