import type { WebSocket } from "ws";
import { ariEventProblems } from "../ari-description.ts";
import { WaitableLog } from "./log.ts";
import { asteriskTime } from "./time.ts";

/** A Stasis application as Asterisk keeps it: it outlives its WebSocket, and remembers what it is subscribed to. */
export type FakeApp = {
  name: string;
  /** The one socket that receives its events; a newer socket for the same app replaces it (ApplicationReplaced). */
  socket?: WebSocket;
  subscribeAll: boolean;
  /** Event sources it receives: "channel:<id>", "bridge:<id>", "endpoint:<tech>/<resource>", "deviceState:<name>". */
  sources: Set<string>;
  /** Its event filter (PUT /applications/{name}/eventFilter): `{type}` entries; an empty allowed list allows all. */
  allowed: { type: string }[];
  disallowed: { type: string }[];
};

/** As Asterisk decides at the socket: not disallowed, and allowed (every type when the allowed list is empty). */
function eventAllowed(app: FakeApp, type: string): boolean {
  const listed = (list: { type: string }[]) => list.some((entry) => entry.type === type);
  return !listed(app.disallowed) && (app.allowed.length === 0 || listed(app.allowed));
}

export type SentEvent = { application: string; event: Record<string, unknown> };

/**
 * Builds events as Asterisk 22 does (type, timestamp, fields, asterisk_id, application), checks each against
 * events.json before it leaves, and delivers it to every active app subscribed to one of its sources.
 */
export class EventHub {
  readonly apps = new Map<string, FakeApp>();
  readonly sent = new WaitableLog<SentEvent>();

  constructor(
    private readonly asteriskId: string,
    private readonly report: (problem: string) => void,
  ) {}

  app(name: string): FakeApp {
    let app = this.apps.get(name);
    if (!app) {
      app = { name, subscribeAll: false, sources: new Set(), allowed: [], disallowed: [] };
      this.apps.set(name, app);
    }
    return app;
  }

  /** Registers a socket for its apps; the previous socket of each app is told it was replaced. */
  register(socket: WebSocket, names: string[], subscribeAll: boolean) {
    for (const name of names) {
      const app = this.app(name);
      const previous = app.socket;
      app.socket = socket;
      app.subscribeAll = subscribeAll;
      if (previous && previous !== socket)
        this.deliver(previous, name, this.build("ApplicationReplaced", {}));
    }
  }

  /** The socket closed: its apps stay (with their channels and subscriptions) but receive nothing meanwhile. */
  unregister(socket: WebSocket) {
    for (const app of this.apps.values()) if (app.socket === socket) app.socket = undefined;
  }

  isActive(name: string) {
    return this.apps.get(name)?.socket !== undefined;
  }

  subscribe(app: string, source: string) {
    this.app(app).sources.add(source);
  }

  /** Forgets a source for every app (a destroyed channel or bridge). */
  forget(source: string) {
    for (const app of this.apps.values()) app.sources.delete(source);
  }

  build(type: string, fields: Record<string, unknown>): Record<string, unknown> {
    return { type, timestamp: asteriskTime(), ...fields, asterisk_id: this.asteriskId };
  }

  /** Sends an event to each app subscribed to one of its sources; an event no app receives is still checked. */
  emit(type: string, fields: Record<string, unknown>, sources: string[]) {
    const event = this.build(type, fields);
    let delivered = false;
    for (const app of this.apps.values()) {
      if (!app.socket || !(app.subscribeAll || sources.some((s) => app.sources.has(s)))) continue;
      delivered = this.deliver(app.socket, app.name, event) || delivered;
    }
    if (!delivered)
      for (const p of ariEventProblems({ ...event, application: "-" })) this.report(`event ${p}`);
  }

  /** Sends one event exactly as given (timestamp and asterisk_id added when missing) to an app, checked first. */
  sendRaw(application: string, event: Record<string, unknown>) {
    const socket = this.apps.get(application)?.socket;
    if (!socket) throw new Error(`no WebSocket serves application ${application}`);
    this.deliver(socket, application, { timestamp: asteriskTime(), asterisk_id: this.asteriskId, ...event });
  }

  private deliver(socket: WebSocket, application: string, event: Record<string, unknown>) {
    const message = { ...event, application };
    for (const p of ariEventProblems(message)) this.report(`event ${p}`);
    if (socket.readyState !== socket.OPEN) return false;
    const app = this.apps.get(application);
    // Filtered out: as for Asterisk, the event was raised; it just does not go out.
    if (app && !eventAllowed(app, String(event.type))) return true;
    socket.send(JSON.stringify(message));
    this.sent.push({ application, event: message });
    return true;
  }

  clear() {
    this.apps.clear();
  }
}
