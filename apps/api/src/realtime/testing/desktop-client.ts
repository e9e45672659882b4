import { WebSocket } from "ws";
import {
  desktopServerMessageSchema,
  realtimeChannel,
  type DesktopClientMessage,
  type DesktopServerMessage,
  type SourceEvent,
} from "@ringflow/flow-schema";
import type { Redis } from "@ringflow/platform";
import { SESSION_COOKIE } from "@ringflow/access";

/** A desktop as the browser opens it: the session cookie on the upgrade, every message parsed by the contract. */
export class DesktopClient {
  readonly messages: DesktopServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (raw) => {
      this.messages.push(desktopServerMessageSchema.parse(JSON.parse(String(raw))));
      this.wake();
    });
    socket.on("close", (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.wake();
    });
  }

  /** Opens `ws://…/realtime`; rejects with the HTTP status when the upgrade is refused. */
  static open(baseUrl: string, sessionToken: string | null, headers: Record<string, string> = {}) {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/realtime`, {
      headers: { ...(sessionToken ? { cookie: `${SESSION_COOKIE}=${sessionToken}` } : {}), ...headers },
    });
    return new Promise<DesktopClient>((resolve, reject) => {
      socket.once("open", () => resolve(new DesktopClient(socket)));
      socket.once("unexpected-response", (_request, response) =>
        reject(new Error(`upgrade refused: ${response.statusCode}`)),
      );
      socket.once("error", reject);
    });
  }

  send(message: DesktopClientMessage) {
    this.socket.send(JSON.stringify(message));
  }

  /** Waits until a received message matches (or the socket closes, or time runs out). */
  async waitFor<T extends DesktopServerMessage>(
    match: (message: DesktopServerMessage) => message is T,
    timeoutMs?: number,
  ): Promise<T>;
  async waitFor(
    match: (message: DesktopServerMessage) => boolean,
    timeoutMs?: number,
  ): Promise<DesktopServerMessage>;
  // 10 s: a loaded 2-core machine running the whole suite has taken over 5 s to deliver a message; a
  // message that never comes still fails the test.
  async waitFor(match: (message: DesktopServerMessage) => boolean, timeoutMs = 10_000) {
    // The monotonic clock: the machine's wall clock may be stepped while a test waits.
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (this.closed) throw new Error(`socket closed (${this.closed.code} ${this.closed.reason})`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error("no matching message in time");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async waitForClose(timeoutMs = 5000) {
    const deadline = performance.now() + timeoutMs;
    while (!this.closed && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return this.closed;
  }

  /** The feed events received, in order. */
  events() {
    return this.messages.flatMap((m) => (m.type === "event" ? [{ seq: m.seq, event: m.event }] : []));
  }

  close() {
    this.socket.close();
    return this.waitForClose();
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Publishes a source event the way the call core and the queue engine do. */
export async function publishSource(redis: Redis, event: SourceEvent): Promise<void> {
  await redis.publish(
    `${redis.options.keyPrefix ?? ""}${realtimeChannel(event.tenantId)}`,
    JSON.stringify(event),
  );
}
