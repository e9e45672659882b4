// bench:ari's view from inside the runtime process: for every key press (ChannelDtmfReceived), the time from the
// event's own Asterisk timestamp (the fake stamps it as it sends it) until the next prompt's request
// (POST /channels/{id}/play/…) is written to its socket, a request waiting in the HTTP client for a connection
// included. That is ARI event -> command as the issue defines it: the WebSocket, this process's queueing and its
// handling, without the fake's time to answer the command. Installed by wrapping the application's dispatch and
// through undici's diagnostics channel, in this process only (no product code).
import diagnostics from "node:diagnostics_channel";
import { PerformanceObserver } from "node:perf_hooks";
import { AriApplication } from "../adapters/asterisk/ari-application.ts";

type Pressed = { stampedAt: number; dispatchedAt: number };
export type ProbeSample = { eventToCommandMs: number; handlingMs: number };
/** What the process spent meanwhile: CPU (every thread, the collector's helpers too) and its collector's pauses. */
export type ProbeCost = { cpuMs: number; gcPausesMs: number[] };

const PLAY = /^\/(?:[^/]+\/)*ari\/channels\/([^/]+)\/play\//;

/** Asterisk's time form (2026-11-21T10:00:00.123+0000) as epoch milliseconds. */
const parseAsteriskTime = (value: string) => Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
const wallNow = () => performance.timeOrigin + performance.now();

export function installAriLatencyProbe() {
  const pressed = new Map<string, Pressed>();
  let samples: ProbeSample[] = [];
  let gcPausesMs: number[] = [];
  let cpuFrom = process.cpuUsage();
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPausesMs.push(entry.duration);
  });
  gc.observe({ entryTypes: ["gc"] });
  const dispatch = AriApplication.prototype.dispatch;
  AriApplication.prototype.dispatch = function (this: AriApplication, raw: unknown) {
    const event = raw as { type?: string; timestamp?: string; channel?: { id?: string } };
    if (event?.type === "ChannelDtmfReceived" && event.channel?.id && event.timestamp)
      pressed.set(event.channel.id, {
        stampedAt: parseAsteriskTime(event.timestamp),
        dispatchedAt: performance.now(),
      });
    dispatch.call(this, raw);
  };
  // Sent: undici has written the request's headers to the connection.
  diagnostics.subscribe("undici:client:sendHeaders", (message) => {
    const { request } = message as { request: { method: string; path: string } };
    const channel = request.method === "POST" ? PLAY.exec(request.path)?.[1] : undefined;
    const at = channel ? pressed.get(decodeURIComponent(channel)) : undefined;
    if (!channel || !at) return;
    pressed.delete(decodeURIComponent(channel));
    samples.push({
      eventToCommandMs: wallNow() - at.stampedAt,
      handlingMs: performance.now() - at.dispatchedAt,
    });
  });
  return {
    /** The samples since the last take, and what the process spent meanwhile. */
    take(): { samples: ProbeSample[]; cost: ProbeCost } {
      const taken = { samples, cost: { cpuMs: 0, gcPausesMs } };
      const cpu = process.cpuUsage(cpuFrom);
      taken.cost.cpuMs = (cpu.user + cpu.system) / 1000;
      cpuFrom = process.cpuUsage();
      samples = [];
      gcPausesMs = [];
      pressed.clear();
      return taken;
    },
  };
}
