import type { FastifyBaseLogger as Logger } from "fastify";
import type { WebSocket } from "ws";
import { desktopClientMessageSchema, type DesktopServerMessage } from "@ringflow/flow-schema";
import type { FeedHub, FeedListener } from "./feed-hub.ts";
import type { FeedMessage, FeedStore } from "./feed-store.ts";
import { LOST, type PresenceKeeper } from "./presence-keeper.ts";
import { viewerMessage, visibleSnapshot, visibleTo, type FeedViewer } from "./visibility.ts";

/** Close codes besides the session's (4401 signed out or expired, 4403 permission withdrawn). */
export const TOO_SLOW = { code: 4408, message: "too slow: resume after the last event received" } as const;

const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const MESSAGE_WINDOW_MS = 10_000;
const MAX_MESSAGES_PER_WINDOW = 50;

/**
 * One desktop or wallboard socket: answers subscribe (snapshot) and resume (the missed events, or a
 * snapshot), then passes on the live events its viewer may see, in order, each once. Live events that
 * arrive while it reads the snapshot or the backlog wait and follow it.
 */
export class DesktopConnection implements FeedListener {
  private state: "idle" | "syncing" | "live" = "idle";
  private waiting: FeedMessage[] = [];
  private lastSeq = 0;
  /** Joined the feed, with the socket's heartbeat entry (null when it is no person's presence). */
  private presence: Promise<string | null> | null = null;
  private readonly received: number[] = [];

  constructor(
    private readonly socket: WebSocket,
    /** Kept current by the session watcher when the user's access changes. */
    readonly viewer: FeedViewer,
    private readonly deps: {
      hub: FeedHub;
      store: FeedStore;
      /** Counts the socket as its person's presence (null: an integration's socket, not a person). */
      presence: PresenceKeeper | null;
      log: Logger;
    },
  ) {
    socket.on("message", (raw) => void this.onMessage(String(raw)));
    socket.once("close", () => this.closed());
  }

  deliver(message: FeedMessage): void {
    if (this.state === "idle" || !visibleTo(this.viewer, message.event)) return;
    if (this.state === "syncing") this.waiting.push(message);
    else this.forward(message);
  }

  private forward(message: FeedMessage) {
    if (message.seq <= this.lastSeq) return;
    this.lastSeq = message.seq;
    this.sendRaw(message.wire);
  }

  private send(message: DesktopServerMessage) {
    this.sendRaw(JSON.stringify(message));
  }

  private sendRaw(text: string | Buffer) {
    if (this.socket.readyState !== this.socket.OPEN) return;
    // A socket that cannot keep up is closed rather than held in memory; it resumes where it stopped.
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES)
      return this.socket.close(TOO_SLOW.code, TOO_SLOW.message);
    // A text frame either way; a Buffer is a feed message encoded once for all sockets.
    this.socket.send(text, { binary: false });
  }

  private async onMessage(raw: string) {
    const now = Date.now();
    while (this.received.length && (this.received[0] as number) < now - MESSAGE_WINDOW_MS)
      this.received.shift();
    if (this.received.push(now) > MAX_MESSAGES_PER_WINDOW)
      return this.send({ type: "error", code: "too-many-messages", message: "too many messages: slow down" });
    let json: unknown = null;
    try {
      json = JSON.parse(raw);
    } catch {
      // Refused below like any other message that is not in the protocol.
    }
    const parsed = desktopClientMessageSchema.safeParse(json);
    if (!parsed.success)
      return this.send({
        type: "error",
        code: "bad-message",
        message: `not a desktop message: ${parsed.error.issues[0]?.message ?? ""}`,
      });
    const message = parsed.data;
    try {
      switch (message.type) {
        case "ping":
          return this.send({ type: "pong", ...(message.id ? { id: message.id } : {}) });
        case "subscribe":
          return await this.sync(null);
        case "resume":
          return await this.sync(message.afterSeq);
      }
    } catch (error) {
      this.deps.log.error({ err: error }, "realtime: sync failed");
      this.send({ type: "error", code: "internal", message: "the live feed failed: reconnect in a moment" });
    }
  }

  /** What the viewer may see changed: a socket that subscribed gets a snapshot of what it may see now. */
  async refresh(): Promise<void> {
    if (this.state === "idle") return;
    await this.sync(null);
  }

  private async sync(afterSeq: number | null) {
    const { hub, store } = this.deps;
    const tenantId = this.viewer.tenantId;
    this.state = "syncing";
    this.waiting = [];
    if (!this.presence) {
      const { userId, agentId } = this.viewer;
      const keeper = this.deps.presence;
      const lost = () => this.socket.close(LOST.code, LOST.message);
      this.presence = hub
        .join(tenantId, this)
        .then(() => (keeper ? keeper.opened(tenantId, userId, agentId, lost) : null));
      await this.presence;
    }
    const missed = afterSeq === null ? null : await store.since(tenantId, afterSeq);
    if (missed?.messages) {
      this.lastSeq = afterSeq as number;
      for (const message of missed.messages) if (visibleTo(this.viewer, message.event)) this.forward(message);
      this.lastSeq = missed.seq;
      this.send({ type: "resumed", seq: missed.seq, viewer: viewerMessage(this.viewer) });
    } else {
      const { seq, snapshot } = await store.snapshot(tenantId);
      this.lastSeq = seq;
      this.send({
        type: "snapshot",
        seq,
        viewer: viewerMessage(this.viewer),
        snapshot: visibleSnapshot(this.viewer, snapshot),
      });
    }
    for (const message of this.waiting) this.forward(message);
    this.waiting = [];
    this.state = "live";
  }

  private closed() {
    this.state = "idle";
    if (!this.presence) return;
    const { hub, presence, log } = this.deps;
    hub.leave(this.viewer.tenantId, this);
    void this.presence
      .then((member) => (member ? presence?.closed(member) : undefined))
      .catch((error: unknown) => log.warn({ err: error }, "realtime: presence not recorded"));
  }
}
