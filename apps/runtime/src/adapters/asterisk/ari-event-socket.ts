import type { Client } from "ari-client";
import { HANDLED_ARI_EVENTS } from "./ari-events.ts";

const HANDLED = new Set<string>(HANDLED_ARI_EVENTS);

/** ari-client's events socket (ws 6): one per connection, made again on each reconnect. */
interface EventSocket {
  on(event: "message", listener: (data: string) => void): void;
  removeAllListeners(event: "message"): void;
}

/**
 * Sends each event the adapter handles to `dispatch` as the parsed JSON, straight from ari-client's events
 * socket and emitted on the client under its type as ari-client emits it. ari-client would first make resource
 * objects of every event (a Channel with its forty operations bound, for events nobody listens to too): a large
 * part of an event's cost on the event -> command path. The connection, its backoff and its reconnects stay
 * ari-client's; the socket is hooked again each time it opens. When the socket is not where ari-client 2 keeps
 * it, events come through ari-client's own emits as before.
 */
export function dispatchEvents(client: Client, dispatch: (event: unknown) => void): void {
  // ari-client emits each event under its type, with the parsed JSON first.
  const emitter = client as unknown as NodeJS.EventEmitter;
  for (const type of HANDLED_ARI_EVENTS) emitter.on(type, dispatch);
  client.on("WebSocketConnected", () => {
    const socket = (client as unknown as { _ws?: EventSocket })._ws;
    if (!socket || typeof socket.removeAllListeners !== "function") return;
    socket.removeAllListeners("message");
    socket.on("message", (data) => {
      let event: unknown;
      try {
        event = JSON.parse(data);
      } catch {
        return;
      }
      const type = typeof event === "object" && event ? (event as { type?: unknown }).type : undefined;
      // Through the client's emitter, as ari-client emits: a client whose listeners were removed hears nothing.
      if (typeof type === "string" && HANDLED.has(type)) emitter.emit(type, event);
    });
  });
}
