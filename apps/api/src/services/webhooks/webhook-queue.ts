import { Queue, type ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import {
  RECORDING_SWEEP_EVERY_MS,
  WEBHOOK_JOB_OPTIONS,
  WEBHOOKS_QUEUE,
  webhookJobId,
  webhookJobSchema,
  type WebhookEvent,
  type WebhookJob,
} from "@ringflow/flow-schema";

export interface BullConfig {
  redisUrl: string;
  /** The deployment's (or test run's) Redis key prefix; BullMQ keys live under `${prefix}bull`. */
  keyPrefix: string;
}

/** BullMQ wants its own connections (blocking commands, no ioredis keyPrefix). */
export function bullConnection(config: BullConfig): Redis {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  // It reconnects by itself; BullMQ reports failed commands where they matter.
  redis.on("error", () => {});
  return redis;
}

export const bullPrefix = (config: BullConfig) => `${config.keyPrefix}bull`;

/** The producer side of the `webhooks` queue; every job is parsed with the contract's schema. */
export class WebhookQueue {
  private readonly connection: Redis;
  readonly queue: Queue<WebhookJob>;

  constructor(
    config: BullConfig,
    /** Tests shorten the wait between attempts. */
    private readonly backoffMs?: number,
  ) {
    this.connection = bullConnection(config);
    this.queue = new Queue<WebhookJob>(WEBHOOKS_QUEUE, {
      connection: this.connection as unknown as ConnectionOptions,
      prefix: bullPrefix(config),
    });
  }

  /** Reports a fact; the same fact reported twice (same event id) is sent once. */
  emit(event: WebhookEvent): Promise<unknown> {
    return this.add({ kind: "emit", event });
  }

  /** The recordings sweep, once per interval whichever API processes ask for it (a BullMQ job scheduler). */
  scheduleRecordingSweep(everyMs = RECORDING_SWEEP_EVERY_MS): Promise<unknown> {
    return this.queue.upsertJobScheduler(
      "sweep-recordings",
      { every: everyMs },
      {
        name: "sweep-recordings",
        data: { kind: "sweep-recordings" },
        opts: { removeOnComplete: true, removeOnFail: 100 },
      },
    );
  }

  add(job: Exclude<WebhookJob, { kind: "sweep-recordings" }>): Promise<unknown> {
    const data = webhookJobSchema.parse(job) as Exclude<WebhookJob, { kind: "sweep-recordings" }>;
    const options = WEBHOOK_JOB_OPTIONS[data.kind];
    return this.queue.add(data.kind, data, {
      ...options,
      ...(this.backoffMs ? { backoff: { ...options.backoff, delay: this.backoffMs } } : {}),
      jobId: webhookJobId(data),
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.connection.quit().catch(() => {});
  }
}
