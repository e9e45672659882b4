import { serviceLevel, type QueueEvent } from "@ringflow/flow-schema";
import { hourStart } from "./time-buckets.ts";
import { agentSegments, uniqueEvents } from "./segments.ts";

/** A queue's service-level settings (the Queue row's). */
export interface QueueSettings {
  thresholdSeconds: number;
  shortAbandonSeconds: number;
}

/** Time a caller spent on hold during a call an agent took from a queue. */
export interface HoldSpan {
  queueId: string;
  agentId: string;
  callId: string;
  at: number;
  ms: number;
}

/**
 * One queue in one hour. Calls count in the hour they entered the queue, with the service-level definition the
 * wallboard uses (`serviceLevel`); handle, wrap-up and hold time count in the hour they began.
 */
export interface QueueHour {
  hour: number;
  queueId: string;
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWithinThreshold: number;
  overflowed: number;
  callbacks: number;
  /** Sum of the answered calls' waits: the average speed of answer is answerWaitMs / answered. */
  answerWaitMs: number;
  abandonWaitMs: number;
  /** Calls agents talked to (on a call for this queue) and for how long. */
  handled: number;
  handleMs: number;
  wrapUps: number;
  wrapUpMs: number;
  holds: number;
  holdMs: number;
}

const emptyQueueHour = (hour: number, queueId: string): QueueHour => ({
  hour,
  queueId,
  offered: 0,
  answered: 0,
  abandoned: 0,
  shortAbandoned: 0,
  answeredWithinThreshold: 0,
  overflowed: 0,
  callbacks: 0,
  answerWaitMs: 0,
  abandonWaitMs: 0,
  handled: 0,
  handleMs: 0,
  wrapUps: 0,
  wrapUpMs: 0,
  holds: 0,
  holdMs: 0,
});

type CallEventOf = Exclude<QueueEvent, { type: "agent.state-changed" }>;

/**
 * Rolls queue events up by the tenant's local hour. Duplicated events count once, test calls never; a call
 * counts in the hour it (first) entered its queue, so a window holding all of its events is exact.
 */
export function rollupQueues(
  input: readonly QueueEvent[],
  options: { timeZone: string; queues: ReadonlyMap<string, QueueSettings>; holds?: readonly HoldSpan[] },
): QueueHour[] {
  const events = uniqueEvents(input);
  const byCall = new Map<string, CallEventOf[]>();
  for (const e of events) {
    if (e.type === "agent.state-changed" || e.test) continue;
    const key = `${e.queueId}|${e.callId}`;
    const list = byCall.get(key) ?? [];
    list.push(e);
    byCall.set(key, list);
  }
  // The calls of each (hour, queue), by the hour each entered.
  const groups = new Map<string, { hour: number; queueId: string; events: CallEventOf[] }>();
  for (const list of byCall.values()) {
    const entered = list.find((e) => e.type === "queue.entered");
    if (!entered) continue;
    const hour = hourStart(entered.at, options.timeZone);
    const key = `${hour}|${entered.queueId}`;
    const group = groups.get(key) ?? { hour, queueId: entered.queueId, events: [] };
    group.events.push(...list);
    groups.set(key, group);
  }
  const rows = new Map<string, QueueHour>();
  const row = (hour: number, queueId: string) => {
    const key = `${hour}|${queueId}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = emptyQueueHour(hour, queueId)));
    return r;
  };
  for (const { hour, queueId, events: groupEvents } of groups.values()) {
    const settings = options.queues.get(queueId) ?? { thresholdSeconds: 20, shortAbandonSeconds: 5 };
    const level = serviceLevel(groupEvents, { queueId, ...settings });
    const r = row(hour, queueId);
    r.offered = level.offered;
    r.answered = level.answered;
    r.abandoned = level.abandoned;
    r.shortAbandoned = level.shortAbandoned;
    r.answeredWithinThreshold = level.answeredWithinThreshold;
    // Waits of the first answer or abandon of each call, the ones serviceLevel counted.
    const firsts = new Map<string, CallEventOf>();
    const overflowed = new Set<string>();
    const callbacks = new Set<string>();
    for (const e of groupEvents) {
      if (
        (e.type === "queue.answered" || e.type === "queue.abandoned") &&
        !firsts.has(`${e.type}|${e.callId}`)
      )
        firsts.set(`${e.type}|${e.callId}`, e);
      if (e.type === "queue.overflowed") overflowed.add(e.callId);
      if (e.type === "queue.callback-requested") callbacks.add(e.callId);
    }
    for (const e of firsts.values()) {
      if (e.type === "queue.answered") r.answerWaitMs += e.waitMs;
      if (e.type === "queue.abandoned") r.abandonWaitMs += e.waitMs;
    }
    r.overflowed = overflowed.size;
    r.callbacks = callbacks.size;
  }
  for (const s of agentSegments(events)) {
    if (!s.queueId || s.end === null) continue;
    if (s.state !== "on-call" && s.state !== "wrap-up") continue;
    const r = row(hourStart(s.start, options.timeZone), s.queueId);
    if (s.state === "on-call") {
      r.handled += 1;
      r.handleMs += s.end - s.start;
    } else {
      r.wrapUps += 1;
      r.wrapUpMs += s.end - s.start;
    }
  }
  const seenHolds = new Set<string>();
  for (const h of options.holds ?? []) {
    const key = `${h.callId}|${h.at}`;
    if (seenHolds.has(key)) continue;
    seenHolds.add(key);
    const r = row(hourStart(h.at, options.timeZone), h.queueId);
    r.holds += 1;
    r.holdMs += h.ms;
  }
  return [...rows.values()];
}
