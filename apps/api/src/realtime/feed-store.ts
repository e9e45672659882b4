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
import { APPLY, DUE, REFRESH, SINCE, SNAPSHOT } from "./feed-scripts.ts";

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
  ringflowFeedRefresh(ns: string, ttlMs: number, ...sockets: string[]): Promise<string[]>;
  ringflowFeedDue(ns: string): Promise<[string[], string[], 0 | 1]>;
};

const namespace = (tenantId: string) => `rt:{${tenantId}}:`;
/** The tenants with open sockets (or agents about to go offline) on any API process, for the reapers. */
const PRESENCE_TENANTS = "rt:presence-tenants";

export interface FeedStoreOptions {
  /** Messages kept per tenant for resuming sockets; an older resume gets a snapshot. */
  backlog?: number;
  /** A call nobody reported ended disappears from snapshots after this long. */
  callTtlSeconds?: number;
  /**
   * A socket's heartbeat lifetime (its process extends it every third): a socket of a process that died counts
   * as closed this long after its last heartbeat, and an agent whose last socket went is offline this long later.
   */
  presenceTtlMs?: number;
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
      redis.defineCommand("ringflowFeedRefresh", { numberOfKeys: 1, lua: REFRESH });
      redis.defineCommand("ringflowFeedDue", { numberOfKeys: 1, lua: DUE });
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
      ...(c.keepWhile ? { keepWhile: c.keepWhile } : {}),
      ...(c.onlyWhile ? { onlyWhile: c.onlyWhile } : {}),
      ...(c.waiting && "add" in c.waiting
        ? { waitingAdd: c.waiting.add, waitingSince: c.waiting.since }
        : {}),
      ...(c.waiting && "remove" in c.waiting ? { waitingRemove: c.waiting.remove } : {}),
      ...(c.socket && "add" in c.socket ? { socketAdd: c.socket.add, socketTtl: c.socket.ttlMs } : {}),
      ...(c.socket && "remove" in c.socket ? { socketRemove: c.socket.remove } : {}),
      ...(c.lost ? { lostAgent: c.lost.agentId, lostAfter: c.lost.afterMs } : {}),
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

  /** Extends the heartbeats of a tenant's sockets held here; returns those already reaped. */
  async refresh(tenantId: string, ttlMs: number, sockets: string[]): Promise<string[]> {
    await this.redis.sadd(PRESENCE_TENANTS, tenantId);
    return sockets.length ? this.redis.ringflowFeedRefresh(namespace(tenantId), ttlMs, ...sockets) : [];
  }

  /** The tenants with open sockets (or agents about to go offline) on any API process. */
  presenceTenants(): Promise<string[]> {
    return this.redis.smembers(PRESENCE_TENANTS);
  }

  /** A tenant's sockets whose heartbeat expired and its agents due to go offline. */
  async due(tenantId: string): Promise<{ sockets: string[]; lostAgents: string[] }> {
    const [sockets, lostAgents, empty] = await this.redis.ringflowFeedDue(namespace(tenantId));
    // A tenant that opens a socket meanwhile is added again by its process's next heartbeat.
    if (empty === 1) await this.redis.srem(PRESENCE_TENANTS, tenantId);
    return { sockets, lostAgents };
  }

  /** The agent went offline (or never can): nothing is left to do for it. */
  async forgetLost(tenantId: string, agentId: string): Promise<void> {
    await this.redis.zrem(`${namespace(tenantId)}lost`, agentId);
  }
}

/** A published (or backlog) message, parsed, with the text a socket sends. */
export function readFeedMessage(raw: string): FeedMessage {
  return {
    ...feedMessageSchema.parse(JSON.parse(raw)),
    wire: Buffer.from(`{"type":"event",${raw.slice(1)}`),
  };
}
