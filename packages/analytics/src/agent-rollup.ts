import { availability, agentStateSchema, type AgentState, type QueueEvent } from "@ringflow/flow-schema";
import { HOUR_MS, hourStart } from "./time-buckets.ts";
import type { HoldSpan } from "./queue-rollup.ts";
import { agentSegments, uniqueEvents, type AgentSegment } from "./segments.ts";

/** A call an agent finished, with the disposition they gave it. */
export interface AgentDisposition {
  agentId: string;
  callId: string;
  at: number;
  disposition: string;
}

/** One agent in one local hour. Time is the part of each stretch inside the hour. */
export interface AgentHour {
  hour: number;
  agentId: string;
  /** Calls the agent answered from a queue in this hour. */
  handled: number;
  handleMs: number;
  wrapUpMs: number;
  /** Times the agent put a caller on hold and for how long, in the hour each hold began. */
  holds: number;
  holdMs: number;
  stateMs: Record<AgentState, number>;
  /** `availability` of queue-metrics over the hour: working time over signed-in time. */
  signedInMs: number;
  workingMs: number;
  dispositions: Record<string, number>;
}

type StateChange = Extract<QueueEvent, { type: "agent.state-changed" }>;

const noStates = () =>
  Object.fromEntries(agentStateSchema.options.map((s) => [s, 0])) as Record<AgentState, number>;

/**
 * Rolls agent events up by local hour between `from` and `until` (a stretch still open lasts until `until`).
 * Duplicated events and dispositions count once; answers of test calls never count.
 */
export function rollupAgents(
  input: readonly QueueEvent[],
  options: {
    timeZone: string;
    from: number;
    until: number;
    dispositions?: readonly AgentDisposition[];
    holds?: readonly HoldSpan[];
  },
): AgentHour[] {
  const events = uniqueEvents(input);
  const rows = new Map<string, AgentHour>();
  const row = (hour: number, agentId: string) => {
    const key = `${hour}|${agentId}`;
    let r = rows.get(key);
    if (!r)
      rows.set(
        key,
        (r = {
          hour,
          agentId,
          handled: 0,
          handleMs: 0,
          wrapUpMs: 0,
          holds: 0,
          holdMs: 0,
          stateMs: noStates(),
          signedInMs: 0,
          workingMs: 0,
          dispositions: {},
        }),
      );
    return r;
  };
  const inWindow = (at: number) => at >= options.from && at < options.until;
  const answered = new Set<string>();
  for (const e of events)
    if (
      e.type === "queue.answered" &&
      !e.test &&
      inWindow(e.at) &&
      !answered.has(`${e.queueId}|${e.callId}`)
    ) {
      answered.add(`${e.queueId}|${e.callId}`);
      row(hourStart(e.at, options.timeZone), e.agentId).handled += 1;
    }
  const byAgent = new Map<string, AgentSegment[]>();
  for (const s of agentSegments(events)) {
    const list = byAgent.get(s.agentId);
    if (list) list.push(s);
    else byAgent.set(s.agentId, [s]);
  }
  for (const [agentId, segments] of byAgent) {
    // The changes that shape each hour: those whose stretch overlaps it (availability clips them to the hour).
    const hours = new Map<number, StateChange[]>();
    for (const s of segments) {
      const start = Math.max(s.start, options.from);
      const end = Math.min(s.end ?? options.until, options.until);
      for (
        let h = hourStart(start, options.timeZone);
        h < end;
        h = hourStart(h + HOUR_MS + 1, options.timeZone)
      ) {
        const next = hourStart(h + HOUR_MS + 1, options.timeZone);
        const ms = Math.min(end, next) - Math.max(start, h);
        if (ms <= 0) continue;
        const list = hours.get(h) ?? [];
        list.push({
          type: "agent.state-changed",
          tenantId: "",
          agentId,
          at: s.start,
          state: s.state,
          reason: s.reason,
          queueId: s.queueId,
        });
        hours.set(h, list);
        const r = row(h, agentId);
        r.stateMs[s.state] += ms;
        if (s.state === "on-call") r.handleMs += ms;
        if (s.state === "wrap-up") r.wrapUpMs += ms;
      }
    }
    for (const [h, changes] of hours) {
      const until = Math.min(hourStart(h + HOUR_MS + 1, options.timeZone), options.until);
      const a = availability(changes, { agentId, from: Math.max(h, options.from), until });
      const r = row(h, agentId);
      r.signedInMs = a.signedInMs;
      r.workingMs = a.workingMs;
    }
  }
  const seen = new Set<string>();
  for (const d of options.dispositions ?? []) {
    if (seen.has(d.callId) || !inWindow(d.at)) continue;
    seen.add(d.callId);
    const r = row(hourStart(d.at, options.timeZone), d.agentId);
    r.dispositions[d.disposition] = (r.dispositions[d.disposition] ?? 0) + 1;
  }
  const seenHolds = new Set<string>();
  for (const h of options.holds ?? []) {
    if (seenHolds.has(`${h.callId}|${h.at}`) || !inWindow(h.at)) continue;
    seenHolds.add(`${h.callId}|${h.at}`);
    const r = row(hourStart(h.at, options.timeZone), h.agentId);
    r.holds += 1;
    r.holdMs += h.ms;
  }
  return [...rows.values()];
}
