import { createHash } from "node:crypto";
import type { FastifyBaseLogger as Logger } from "fastify";
import type { Redis } from "@ringflow/platform";
import { realtimeChannel, sourceEventSchema } from "@ringflow/flow-schema";
import { feedChanges } from "./feed-projection.ts";
import { readFeedMessage, type FeedMessage, type FeedStore } from "./feed-store.ts";

export interface FeedListener {
  deliver(message: FeedMessage): void;
}

interface Room {
  listeners: Set<FeedListener>;
  subscribed: Promise<unknown>;
}

/**
 * One API process's end of the feed: rooms per tenant, each subscribed to the tenant's feed channel while a
 * socket of the tenant is open here, and the ingest of what the call core and the queue engine publish
 * (every process hears each source event; the store applies it once). One subscriber connection.
 */
export class FeedHub {
  private readonly rooms = new Map<string, Room>();
  private readonly subscriber: Redis;
  private readonly sourcePattern: string;
  private readonly feedPrefix: string;

  constructor(
    redis: Redis,
    private readonly store: FeedStore,
    private readonly log?: Logger,
    /** What this process applied (once in all processes): where webhooks of calls start. */
    private readonly onApplied?: (messages: FeedMessage[]) => Promise<void>,
  ) {
    this.subscriber = redis.duplicate();
    // It reconnects and resubscribes by itself; a socket that missed events meanwhile resumes.
    this.subscriber.on("error", () => {});
    this.sourcePattern = `${store.channelPrefix}${realtimeChannel("*")}`;
    this.feedPrefix = store.channel("");
    this.subscriber.on("message", (channel: string, raw: string) => this.onFeed(channel, raw));
    this.subscriber.on(
      "pmessage",
      (_pattern: string, channel: string, raw: string) => void this.ingest(channel, raw),
    );
  }

  /** Starts hearing the call core's and the queue engine's events. */
  async start(): Promise<void> {
    await this.subscriber.psubscribe(this.sourcePattern);
  }

  /** Resolves once the tenant's feed reaches this listener (so a snapshot read after it misses nothing). */
  async join(tenantId: string, listener: FeedListener): Promise<void> {
    let room = this.rooms.get(tenantId);
    if (!room) {
      const subscribed = this.subscriber.subscribe(this.store.channel(tenantId)).catch((error: unknown) => {
        this.rooms.delete(tenantId);
        throw error;
      });
      room = { listeners: new Set(), subscribed };
      this.rooms.set(tenantId, room);
    }
    room.listeners.add(listener);
    await room.subscribed;
  }

  leave(tenantId: string, listener: FeedListener): void {
    const room = this.rooms.get(tenantId);
    if (!room?.listeners.delete(listener) || room.listeners.size) return;
    this.rooms.delete(tenantId);
    void this.subscriber.unsubscribe(this.store.channel(tenantId)).catch(() => {});
  }

  /** Sockets open in this process. */
  get listenerCount(): number {
    let n = 0;
    for (const room of this.rooms.values()) n += room.listeners.size;
    return n;
  }

  async close(): Promise<void> {
    this.rooms.clear();
    await this.subscriber.quit().catch(() => {});
  }

  private onFeed(channel: string, raw: string) {
    const room = this.rooms.get(channel.slice(this.feedPrefix.length));
    if (!room) return;
    let message: FeedMessage;
    try {
      message = readFeedMessage(raw);
    } catch (error) {
      return this.log?.error({ err: error, channel }, "realtime: unreadable feed message");
    }
    for (const listener of room.listeners) listener.deliver(message);
  }

  private async ingest(channel: string, raw: string) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = null;
    }
    const source = sourceEventSchema.safeParse(json);
    if (!source.success || channel !== `${this.store.channelPrefix}${realtimeChannel(source.data.tenantId)}`)
      return this.log?.warn({ channel }, "realtime: not a call or queue event of the channel's tenant");
    const dedupe = createHash("sha256").update(raw).digest("base64url");
    try {
      const applied = await this.store.apply(source.data.tenantId, feedChanges(source.data), dedupe);
      if (applied.length) await this.onApplied?.(applied);
    } catch (error) {
      this.log?.error({ err: error }, "realtime: feed change failed");
    }
  }
}
