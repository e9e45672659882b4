import {
  desktopServerMessageSchema,
  type AgentStatus,
  type CallControlReport,
  type DesktopClientMessage,
  type DesktopEvent,
  type DesktopServerMessage,
  type DesktopViewer,
  type LiveCall,
  type Presence,
  type QueueSummary,
} from "@ringflow/flow-schema";
import { useSyncExternalStore } from "react";

/** What the desktop and the wallboard show live: the entities of the tenant's feed, by id. */
export interface FeedState {
  connection: "connecting" | "live" | "reconnecting" | "closed";
  /** Why the feed closed for good (signed out, role changed), in words. */
  closedReason: string | null;
  viewer: DesktopViewer | null;
  calls: ReadonlyMap<string, LiveCall>;
  agents: ReadonlyMap<string, AgentStatus>;
  queues: ReadonlyMap<string, QueueSummary>;
  presence: ReadonlyMap<string, Presence>;
  /** What the latest call-control request (or what followed it) came to, said once by the server. */
  lastOutcome: CallControlReport | null;
  /** The last event applied, for listeners that react to one (a call offered rings). */
  lastEvent: DesktopEvent | null;
  seq: number;
}

const EMPTY: FeedState = {
  connection: "connecting",
  closedReason: null,
  viewer: null,
  calls: new Map(),
  agents: new Map(),
  queues: new Map(),
  presence: new Map(),
  lastOutcome: null,
  lastEvent: null,
  seq: -1,
};

/** A pure step: the feed's state after one server message. Entities are replaced whole (the contract says so). */
export function applyServerMessage(state: FeedState, message: DesktopServerMessage): FeedState {
  switch (message.type) {
    case "snapshot": {
      const { snapshot } = message;
      return {
        ...state,
        connection: "live",
        viewer: message.viewer,
        seq: message.seq,
        calls: new Map(snapshot.calls.map((c) => [c.callId, c])),
        agents: new Map(snapshot.agents.map((a) => [a.agentId, a])),
        queues: new Map(snapshot.queues.map((q) => [q.queueId, q])),
        presence: new Map(snapshot.presence.map((p) => [p.userId, p])),
        lastEvent: null,
      };
    }
    case "resumed":
      return { ...state, connection: "live", viewer: message.viewer, seq: Math.max(state.seq, message.seq) };
    case "event":
      if (message.seq <= state.seq) return state;
      return { ...applyEvent(state, message.event), seq: message.seq, lastEvent: message.event };
    case "pong":
      return state;
    case "error":
      return state;
  }
}

function applyEvent(state: FeedState, event: DesktopEvent): FeedState {
  switch (event.type) {
    case "call.offered":
    case "call.state-changed":
    case "call.ended":
      return { ...state, calls: new Map(state.calls).set(event.call.callId, event.call) };
    case "agent.status-changed":
      return { ...state, agents: new Map(state.agents).set(event.agent.agentId, event.agent) };
    case "queue.update":
      return { ...state, queues: new Map(state.queues).set(event.queue.queueId, event.queue) };
    case "presence":
      return { ...state, presence: new Map(state.presence).set(event.presence.userId, event.presence) };
    case "call.control-outcome":
      return { ...state, lastOutcome: event.outcome };
  }
}

const CLOSED_FOR_GOOD: Record<number, string> = {
  4401: "You were signed out. Sign in again to take calls.",
  4403: "Your role no longer includes the desktop or the wallboard.",
};

/**
 * One WebSocket to `/realtime` for the page: subscribe, then after a drop resume after the last sequence
 * number seen, so nothing is missed; a ping every 20 s keeps proxies from closing an idle socket.
 */
export class LiveFeed {
  private state: FeedState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private socket: WebSocket | null = null;
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ping: ReturnType<typeof setInterval> | null = null;
  private stopped = false;

  constructor(private readonly url = defaultUrl()) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.ping) clearInterval(this.ping);
    this.socket?.close(1000);
    this.socket = null;
  }

  getState = (): FeedState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(next: FeedState) {
    if (next === this.state) return;
    this.state = next;
    this.listeners.forEach((l) => l());
  }

  private open() {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      const hello: DesktopClientMessage =
        this.state.seq >= 0 ? { type: "resume", afterSeq: this.state.seq } : { type: "subscribe" };
      socket.send(JSON.stringify(hello));
      this.ping = setInterval(() => socket.send(JSON.stringify({ type: "ping" })), 20_000);
    };
    socket.onmessage = (message) => {
      const parsed = desktopServerMessageSchema.safeParse(JSON.parse(String(message.data)));
      if (parsed.success) this.set(applyServerMessage(this.state, parsed.data));
    };
    socket.onclose = (event) => {
      if (this.ping) clearInterval(this.ping);
      if (this.stopped || this.socket !== socket) return;
      const forGood = CLOSED_FOR_GOOD[event.code];
      if (forGood) return this.set({ ...this.state, connection: "closed", closedReason: forGood });
      this.set({ ...this.state, connection: "reconnecting" });
      const delay = Math.min(10_000, 250 * 2 ** this.retry++);
      this.timer = setTimeout(() => this.open(), delay);
    };
  }
}

function defaultUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/realtime`;
}

/** The page's feed as React state; the feed starts with the first component that reads it. */
let shared: LiveFeed | null = null;
export function sharedFeed(): LiveFeed {
  if (!shared) {
    shared = new LiveFeed();
    shared.start();
  }
  return shared;
}

export function useLiveFeed(): FeedState {
  const feed = sharedFeed();
  return useSyncExternalStore(feed.subscribe, feed.getState);
}
