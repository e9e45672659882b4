import * as z from "zod";
import {
  agentStatusSchema,
  desktopEventSchema,
  desktopFeedChannel,
  liveCallSchema,
  presenceSchema,
  queueSummarySchema,
  type DesktopSnapshot,
} from "@ringflow/flow-schema";
import type { Redis } from "@ringflow/platform";
import type { FeedChange } from "./feed-projection.ts";
import { APPLY, SINCE, SNAPSHOT } from "./feed-scripts.ts";

/** What one API process publishes to all of them: a numbered event of a tenant's feed. */
export const feedMessageSchema = z.object({ seq: z.number().int().positive(), event: desktopEventSchema });
export type FeedMessage = z.infer<typeof feedMessageSchema> & {
  /** The message as a socket sends it (UTF-8), encoded once for every socket. */
  wire: Buffer;
};

type FeedRedis = Redis & {
  ringflowFeedApply(
    ns: string,
    dedupe: string,
    channel: string,
    keep: number,
    changes: string,
  ): Promise<string[]>;
  ringflowFeedSnapshot(ns: string): Promise<[number, string[], string[], string[], string[]]>;
  ringflowFeedSince(ns: string, after: number): Promise<[number, 0] | [number, 1, string[]]>;
};

const namespace = (tenantId: string) => `rt:{${tenantId}}:`;

export interface FeedStoreOptions {
  /** Messages kept per tenant for resuming sockets; an older resume gets a snapshot. */
  backlog?: number;
  /** A call nobody reported ended disappears from snapshots after this long. */
  callTtlSeconds?: number;
}

/** A tenant's numbered feed in Redis: applying changes, its snapshot, and what a resuming socket missed. */
export class FeedStore {
  private readonly redis: FeedRedis;
  /** Pub/sub channels are not prefixed by ioredis; the deployment's prefix applies to them by hand. */
  readonly channelPrefix: string;
  private readonly backlog: number;
  private readonly callTtlSeconds: number;

  constructor(redis: Redis, options: FeedStoreOptions = {}) {
    if (!("ringflowFeedApply" in redis)) {
      redis.defineCommand("ringflowFeedApply", { numberOfKeys: 1, lua: APPLY });
      redis.defineCommand("ringflowFeedSnapshot", { numberOfKeys: 1, lua: SNAPSHOT });
      redis.defineCommand("ringflowFeedSince", { numberOfKeys: 1, lua: SINCE });
    }
    this.redis = redis as FeedRedis;
    this.channelPrefix = redis.options.keyPrefix ?? "";
    this.backlog = options.backlog ?? 2000;
    this.callTtlSeconds = options.callTtlSeconds ?? 24 * 3600;
  }

  channel(tenantId: string): string {
    return `${this.channelPrefix}${desktopFeedChannel(tenantId)}`;
  }

  /**
   * Applies, numbers and publishes changes of one tenant; `dedupe` names their source (applied once: the
   * other callers get no messages back).
   */
  async apply(tenantId: string, changes: FeedChange[], dedupe = ""): Promise<FeedMessage[]> {
    if (!changes.length) return [];
    const encoded = changes.map((c) => ({
      header: JSON.stringify(c.event).slice(1, -1),
      entity: c.entity,
      id: c.id,
      set: Object.entries(c.set).map(([field, value]) => [field, JSON.stringify(value)]),
      ttl: c.entity === "call" ? this.callTtlSeconds : 0,
      ...(c.count ? { count: c.count } : {}),
      ...(c.remove ? { remove: true } : {}),
      ...(c.waiting && "add" in c.waiting
        ? { waitingAdd: c.waiting.add, waitingSince: c.waiting.since }
        : {}),
      ...(c.waiting && "remove" in c.waiting ? { waitingRemove: c.waiting.remove } : {}),
    }));
    const published = await this.redis.ringflowFeedApply(
      namespace(tenantId),
      dedupe,
      this.channel(tenantId),
      this.backlog,
      JSON.stringify(encoded),
    );
    return published.map(readFeedMessage);
  }

  /** Every entity of the tenant now, and the sequence number it is current at. */
  async snapshot(tenantId: string): Promise<{ seq: number; snapshot: DesktopSnapshot }> {
    const [seq, calls, agents, queues, presence] = await this.redis.ringflowFeedSnapshot(namespace(tenantId));
    const read = <T>(schema: z.ZodType<T>, list: string[]) =>
      list.map((json) => schema.parse(JSON.parse(json)));
    return {
      seq,
      snapshot: {
        calls: read(liveCallSchema, calls),
        agents: read(agentStatusSchema, agents),
        queues: read(queueSummarySchema, queues),
        presence: read(presenceSchema, presence),
      },
    };
  }

  /** The messages after `afterSeq`, oldest first, or null when the backlog no longer holds them all. */
  async since(tenantId: string, afterSeq: number): Promise<{ seq: number; messages: FeedMessage[] | null }> {
    const reply = await this.redis.ringflowFeedSince(namespace(tenantId), afterSeq);
    return { seq: reply[0], messages: reply[1] === 1 ? reply[2].map(readFeedMessage) : null };
  }
}

/** A published (or backlog) message, parsed, with the text a socket sends. */
export function readFeedMessage(raw: string): FeedMessage {
  return {
    ...feedMessageSchema.parse(JSON.parse(raw)),
    wire: Buffer.from(`{"type":"event",${raw.slice(1)}`),
  };
}
