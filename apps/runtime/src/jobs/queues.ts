import { Queue, type ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import {
  TWILIO_REST_JOB_OPTIONS,
  TWILIO_REST_QUEUE,
  twilioRestJobSchema,
  type TwilioRestJob,
} from "./twilio-rest.job.ts";
import {
  RECORDING_COPY_JOB_OPTIONS,
  RECORDING_COPY_QUEUE,
  recordingCopyJobId,
  recordingCopyJobSchema,
  type RecordingCopyJob,
} from "./recording-copy.job.ts";
import {
  RECORDING_TRANSCRIPTION_JOB_OPTIONS,
  RECORDING_TRANSCRIPTION_QUEUE,
  recordingTranscriptionJobId,
  recordingTranscriptionJobSchema,
  type RecordingTranscriptionJob,
} from "./recording-transcription.job.ts";

export interface QueueConfig {
  redisUrl: string;
  /** The run's or deployment's Redis key prefix; BullMQ keys live under `${prefix}bull`. */
  keyPrefix: string;
}

/** BullMQ wants its own connections (blocking commands, no ioredis keyPrefix). */
export function bullConnection(config: QueueConfig): ConnectionOptions {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  // It reconnects by itself; BullMQ reports failed commands where they matter (a job not added or not run).
  redis.on("error", () => {});
  return redis as unknown as ConnectionOptions;
}

export const bullPrefix = (config: QueueConfig) => `${config.keyPrefix}bull`;

/** The BullMQ producers of the runtime's processes. Every payload is parsed with its job's schema. */
export class RuntimeQueues {
  private readonly twilioRest: Queue<TwilioRestJob>;
  private readonly recordingCopy: Queue<RecordingCopyJob>;
  private readonly recordingTranscription: Queue<RecordingTranscriptionJob>;
  private readonly connection: ConnectionOptions;

  constructor(config: QueueConfig) {
    this.connection = bullConnection(config);
    this.twilioRest = new Queue<TwilioRestJob>(TWILIO_REST_QUEUE, {
      connection: this.connection,
      prefix: bullPrefix(config),
      defaultJobOptions: TWILIO_REST_JOB_OPTIONS,
    });
    this.recordingCopy = new Queue<RecordingCopyJob>(RECORDING_COPY_QUEUE, {
      connection: this.connection,
      prefix: bullPrefix(config),
      defaultJobOptions: RECORDING_COPY_JOB_OPTIONS,
    });
    this.recordingTranscription = new Queue<RecordingTranscriptionJob>(RECORDING_TRANSCRIPTION_QUEUE, {
      connection: this.connection,
      prefix: bullPrefix(config),
      defaultJobOptions: RECORDING_TRANSCRIPTION_JOB_OPTIONS,
    });
    // A job that cannot be added rejects where it is added (and is logged there); no console noise meanwhile.
    this.twilioRest.on("error", () => {});
    this.recordingCopy.on("error", () => {});
    this.recordingTranscription.on("error", () => {});
  }

  addTwilioRest(job: TwilioRestJob): Promise<unknown> {
    return this.twilioRest.add(job.kind, twilioRestJobSchema.parse(job));
  }

  /**
   * `afterTranscript`: the follow-up once Twilio's transcript is in, under its own id so a copy job still
   * finishing cannot swallow it.
   */
  addRecordingCopy(job: RecordingCopyJob, afterTranscript = false): Promise<unknown> {
    const data = recordingCopyJobSchema.parse(job);
    const jobId = `${recordingCopyJobId(data)}${afterTranscript ? "-after-transcript" : ""}`;
    return this.recordingCopy.add("copy", data, { jobId });
  }

  addRecordingTranscription(job: RecordingTranscriptionJob): Promise<unknown> {
    const data = recordingTranscriptionJobSchema.parse(job);
    return this.recordingTranscription.add("transcribe", data, { jobId: recordingTranscriptionJobId(data) });
  }

  async close(): Promise<void> {
    await this.twilioRest.close();
    await this.recordingCopy.close();
    await this.recordingTranscription.close();
    await (this.connection as unknown as Redis).quit().catch(() => {});
  }
}
