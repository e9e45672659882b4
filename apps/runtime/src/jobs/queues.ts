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

/** One job of the call-log queue: the log of the webhooks one process answered within a few milliseconds. */
export type CallLogBatch = { jobs: CallLogJob[] };

/** Log entries are gathered for this long (or this many) before they become one job. */
const LOG_BATCH_MS = 25;
const LOG_BATCH_MAX = 200;

/**
 * The producers the webhook handlers use. The log of a turn is never awaited by the answer: it joins a batch
 * that becomes one job a few milliseconds later (one Redis round trip for many webhooks).
 */
export class RuntimeQueues {
  readonly callLog: Queue<CallLogBatch>;
  readonly twilioRest: Queue<TwilioRestJob>;
  private readonly connection: ConnectionOptions;

  constructor(config: QueueConfig) {
    this.connection = bullConnection(config);
    const options = {
      connection: this.connection,
      prefix: bullPrefix(config),
      defaultJobOptions: JOB_OPTIONS,
    };
    this.callLog = new Queue<CallLogBatch>(CALL_LOG_QUEUE, options);
    this.twilioRest = new Queue<TwilioRestJob>(TWILIO_REST_QUEUE, options);
  }

  private batch: { jobs: CallLogJob[]; done: Promise<unknown>; flush: () => void } | null = null;

  /** Queues a turn's log; resolves once it is in Redis (with the rest of its batch). */
  log(job: CallLogJob): Promise<unknown> {
    const batch = this.batch ?? this.startBatch();
    batch.jobs.push(job);
    if (batch.jobs.length >= LOG_BATCH_MAX) batch.flush();
    return batch.done;
  }

  private startBatch() {
    const jobs: CallLogJob[] = [];
    let flush: () => void = () => {};
    const flushed = new Promise<void>((resolve) => (flush = resolve));
    const timer = setTimeout(flush, LOG_BATCH_MS);
    const done = flushed.then(() => {
      clearTimeout(timer);
      if (this.batch?.jobs === jobs) this.batch = null;
      return this.callLog.add("write", { jobs });
    });
    this.batch = { jobs, done, flush };
    return this.batch;
  }

  async close(): Promise<void> {
    const pending = this.batch;
    pending?.flush();
    await pending?.done.catch(() => {});
    await Promise.all([this.callLog.close(), this.twilioRest.close()]);
    await (this.connection as unknown as Redis).quit().catch(() => {});
  }
}
