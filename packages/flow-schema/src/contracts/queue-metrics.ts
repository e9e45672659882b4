import type { AgentState, QueueEvent } from "./queue-events.ts";

/** The short-abandon threshold: callers who hang up sooner are not counted against the service level. */
export const DEFAULT_SHORT_ABANDON_SECONDS = 5;

export interface ServiceLevel {
  /** Calls that entered the queue (each once). */
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
  shortAbandoned: number;
  /** answeredWithinThreshold / (offered - shortAbandoned); null when nothing counts yet. */
  value: number | null;
}

/**
 * Service level of a queue over a list of events: calls answered within `thresholdSeconds` of entering,
 * over calls offered to the queue less those abandoned within the short-abandon threshold. Test calls are
 * never counted; a call is counted once however many events it has.
 */
export function serviceLevel(
  events: readonly QueueEvent[],
  options: { queueId: string; thresholdSeconds: number; shortAbandonSeconds?: number },
): ServiceLevel {
  const shortAbandonMs = (options.shortAbandonSeconds ?? DEFAULT_SHORT_ABANDON_SECONDS) * 1000;
  const thresholdMs = options.thresholdSeconds * 1000;
  const offered = new Set<string>();
  const answered = new Set<string>();
  const withinThreshold = new Set<string>();
  const abandoned = new Set<string>();
  const shortAbandoned = new Set<string>();
  for (const event of events) {
    if (event.type === "agent.state-changed" || event.test || event.queueId !== options.queueId) continue;
    switch (event.type) {
      case "queue.entered":
        offered.add(event.callId);
        break;
      case "queue.answered":
        answered.add(event.callId);
        if (event.waitMs <= thresholdMs) withinThreshold.add(event.callId);
        break;
      case "queue.abandoned":
        abandoned.add(event.callId);
        if (event.waitMs < shortAbandonMs) shortAbandoned.add(event.callId);
        break;
      case "queue.offered":
      case "queue.no-answer":
      case "queue.overflowed":
      case "queue.callback-requested":
        break;
    }
  }
  // Only calls that entered within the events given are counted, so a window never counts half a call.
  const entered = (ids: Set<string>) => [...ids].filter((id) => offered.has(id)).length;
  const denominator = offered.size - entered(shortAbandoned);
  return {
    offered: offered.size,
    answered: entered(answered),
    answeredWithinThreshold: entered(withinThreshold),
    abandoned: entered(abandoned),
    shortAbandoned: entered(shortAbandoned),
    value: denominator > 0 ? entered(withinThreshold) / denominator : null,
  };
}

/** The states that count as working time: waiting for a call, being rung, on a call, wrapping up. */
const WORKING: ReadonlySet<AgentState> = new Set(["available", "ringing", "on-call", "wrap-up"]);

export interface Availability {
  signedInMs: number;
  workingMs: number;
  /** workingMs / signedInMs; null when the agent was not signed in. */
  value: number | null;
}

/**
 * Availability of an agent between `from` and `until`: time available, ringing, on a call or in wrap-up over
 * time signed in (any state but offline). Before the agent's first event in the list the agent counts as
 * offline.
 */
export function availability(
  events: readonly QueueEvent[],
  options: { agentId: string; from: number; until: number },
): Availability {
  const changes = events
    .filter(
      (event): event is Extract<QueueEvent, { type: "agent.state-changed" }> =>
        event.type === "agent.state-changed" && event.agentId === options.agentId,
    )
    .toSorted((a, b) => a.at - b.at);
  let signedInMs = 0;
  let workingMs = 0;
  changes.forEach((change, index) => {
    const start = Math.max(change.at, options.from);
    const end = Math.min(changes[index + 1]?.at ?? options.until, options.until);
    if (end <= start) return;
    if (change.state !== "offline") signedInMs += end - start;
    if (WORKING.has(change.state)) workingMs += end - start;
  });
  return { signedInMs, workingMs, value: signedInMs > 0 ? workingMs / signedInMs : null };
}
