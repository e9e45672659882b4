import type { AgentState, QueueEvent } from "@ringflow/flow-schema";

type StateChange = Extract<QueueEvent, { type: "agent.state-changed" }>;

/** A stretch an agent spent in one state; `end` is null while it lasts (no later change in the events given). */
export interface AgentSegment {
  agentId: string;
  state: AgentState;
  reason: string | null;
  queueId: string | null;
  start: number;
  end: number | null;
}

/** What tells two events apart: a redelivered event has the same of each (cheaper than its whole JSON). */
function eventKey(e: QueueEvent): string {
  if (e.type === "agent.state-changed")
    return `${e.type}|${e.agentId}|${e.at}|${e.state}|${e.reason}|${e.queueId}`;
  const offer = e.type === "queue.offered" || e.type === "queue.no-answer" ? e.offerId : "";
  return `${e.type}|${e.queueId}|${e.callId}|${e.at}|${offer}`;
}

/** The events without repeats. */
export function uniqueEvents(events: readonly QueueEvent[]): QueueEvent[] {
  const seen = new Set<string>();
  const out: QueueEvent[] = [];
  for (const e of events) {
    const key = eventKey(e);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/** Each agent's state changes in time order -> the stretches between them. */
export function agentSegments(events: readonly QueueEvent[]): AgentSegment[] {
  const byAgent = new Map<string, StateChange[]>();
  for (const e of events)
    if (e.type === "agent.state-changed") {
      const list = byAgent.get(e.agentId) ?? [];
      list.push(e);
      byAgent.set(e.agentId, list);
    }
  const out: AgentSegment[] = [];
  for (const [agentId, list] of byAgent) {
    list.sort((a, b) => a.at - b.at);
    list.forEach((change, index) =>
      out.push({
        agentId,
        state: change.state,
        reason: change.reason,
        queueId: change.queueId,
        start: change.at,
        end: list[index + 1]?.at ?? null,
      }),
    );
  }
  return out;
}
