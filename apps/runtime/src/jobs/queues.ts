import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import type { CallLogJob } from "../calls/call-log.ts";

export const CALL_LOG_QUEUE = "call-log";
export const TWILIO_REST_QUEUE = "twilio-rest";

/** REST calls to Twilio the TwiML cannot express. */
export type TwilioRestJob = {
  kind: "stop-recording";
  providerAccountId: string;
  tenantId: string;
  callSid: string;
};

export interface QueueConfig {
  redisUrl: string;
  /** The run's or deployment's Redis key prefix; BullMQ keys live under `${prefix}bull`. */
  keyPrefix: string;
}

/** BullMQ wants its own connections (blocking commands, no ioredis keyPrefix). */
export function bullConnection(config: QueueConfig): ConnectionOptions {
  return new Redis(config.redisUrl, { maxRetriesPerRequest: null }) as unknown as ConnectionOptions;
}

export const bullPrefix = (config: QueueConfig) => `${config.keyPrefix}bull`;

const JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 500 },
  removeOnComplete: true,
  removeOnFail: 1000,
};

/** The producers the webhook handlers use; enqueueing is one Redis round trip, the writing happens later. */
export class RuntimeQueues {
  readonly callLog: Queue<CallLogJob>;
  readonly twilioRest: Queue<TwilioRestJob>;
  private readonly connection: ConnectionOptions;

  constructor(config: QueueConfig) {
    this.connection = bullConnection(config);
    const options = {
      connection: this.connection,
      prefix: bullPrefix(config),
      defaultJobOptions: JOB_OPTIONS,
    };
    this.callLog = new Queue<CallLogJob>(CALL_LOG_QUEUE, options);
    this.twilioRest = new Queue<TwilioRestJob>(TWILIO_REST_QUEUE, options);
  }

  log(job: CallLogJob): Promise<unknown> {
    return this.callLog.add("write", job);
  }

  async close(): Promise<void> {
    await Promise.all([this.callLog.close(), this.twilioRest.close()]);
    await (this.connection as unknown as Redis).quit().catch(() => {});
  }
}
