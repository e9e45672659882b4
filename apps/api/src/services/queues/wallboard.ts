import { localDay, localDayStart } from "@ringflow/analytics";
import type { Db } from "@ringflow/db";
import { availability, serviceLevel, type AgentState, type QueueEvent } from "@ringflow/flow-schema";
import type { QueueEngine } from "@ringflow/queues";
import { tenantTimeZone } from "../analytics/range.ts";

/** Today's events from the engine's stream: its ids begin with the millisecond they were written. */
async function todaysEvents(engine: QueueEngine, tenantId: string, from: number) {
  const entries = await engine.events(tenantId, `${from - 1}-99999999`);
  return entries.map((entry) => entry.event).filter((event) => event.at >= from);
}

type Waiting = { callId: string; since: number };

/** Who is waiting in each queue now, from the entries the events opened and have not closed (test calls too). */
function waitingByQueue(events: readonly QueueEvent[]) {
  const waiting = new Map<string, Map<string, Waiting>>();
  for (const event of events) {
    if (event.type === "agent.state-changed") continue;
    const queue = waiting.get(event.queueId) ?? new Map<string, Waiting>();
    waiting.set(event.queueId, queue);
    if (event.type === "queue.entered") queue.set(event.callId, { callId: event.callId, since: event.at });
    if (
      event.type === "queue.answered" ||
      event.type === "queue.abandoned" ||
      event.type === "queue.overflowed"
    )
      queue.delete(event.callId);
  }
  return waiting;
}

/** Every agent's latest state today, with when it began and why. */
function agentStates(events: readonly QueueEvent[]) {
  const states = new Map<
    string,
    { state: AgentState; since: number; reason: string | null; queueId: string | null }
  >();
  for (const event of events)
    if (event.type === "agent.state-changed")
      states.set(event.agentId, {
        state: event.state,
        since: event.at,
        reason: event.reason,
        queueId: event.queueId,
      });
  return states;
}

/**
 * What the wallboard shows: each queue (waiting, longest wait, available agents, answered and abandoned
 * today, in the workspace's time zone, service level) and each agent (state, time in it, availability today), counted with the shared
 * metric definitions, so test calls are never counted.
 */
export async function wallboard(db: Db, engine: QueueEngine, tenantId: string, now = Date.now()) {
  const timeZone = await tenantTimeZone(db, tenantId);
  const from = localDayStart(localDay(now, timeZone), timeZone);
  const [events, queues, agents] = await Promise.all([
    todaysEvents(engine, tenantId, from),
    db.queue.findMany({
      where: { tenantId },
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        serviceLevelSeconds: true,
        shortAbandonSeconds: true,
        members: { where: { tenantId, joined: true }, select: { agentId: true } },
      },
    }),
    db.agent.findMany({
      where: { tenantId },
      orderBy: { displayName: "asc" },
      select: { id: true, displayName: true, status: true, statusChangedAt: true },
    }),
  ]);
  const waiting = waitingByQueue(events);
  const states = agentStates(events);
  return {
    at: now,
    /** The workspace's time zone: "today" began at its midnight there. */
    timeZone,
    queues: queues.map((queue) => {
      const entries = [...(waiting.get(queue.id)?.values() ?? [])];
      const level = serviceLevel(events, {
        queueId: queue.id,
        thresholdSeconds: queue.serviceLevelSeconds,
        shortAbandonSeconds: queue.shortAbandonSeconds,
      });
      return {
        queueId: queue.id,
        name: queue.name,
        waiting: entries.length,
        longestWaitMs: entries.length ? now - Math.min(...entries.map((entry) => entry.since)) : 0,
        availableAgents: queue.members.filter((m) => states.get(m.agentId)?.state === "available").length,
        answered: level.answered,
        abandoned: level.abandoned,
        serviceLevel: level.value,
        serviceLevelThresholdSeconds: queue.serviceLevelSeconds,
      };
    }),
    agents: agents.map((agent) => {
      const state = states.get(agent.id);
      return {
        agentId: agent.id,
        displayName: agent.displayName,
        state: state?.state ?? "offline",
        reason: state?.reason ?? null,
        queueId: state?.queueId ?? null,
        sinceMs: state ? state.since : agent.statusChangedAt.getTime(),
        availability: availability(events, { agentId: agent.id, from, until: now }).value,
      };
    }),
  };
}
