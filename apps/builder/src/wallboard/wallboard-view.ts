import type { AgentState, LiveCall } from "@ringflow/flow-schema";
import type { RouterOutputs } from "../api/trpc.ts";
import type { FeedState } from "../desktop/live-feed.ts";

export type WallboardData = RouterOutputs["queues"]["wallboard"];

export interface QueueRow {
  queueId: string;
  name: string;
  waiting: number;
  /** When the longest-waiting caller arrived; null when nobody waits. */
  oldestSince: number | null;
  availableAgents: number;
  answered: number;
  abandoned: number;
  /** 0 to 1; null before anyone was offered today. */
  serviceLevel: number | null;
  thresholdSeconds: number;
}

export interface AgentRow {
  agentId: string;
  name: string;
  state: AgentState;
  reason: string | null;
  since: number;
  queueId: string | null;
  call: LiveCall | null;
}

/**
 * The call an agent is on: the one they answered last. A call they transferred on (to a number, say) stays
 * connected with them as its agent, so the first connected call found may be one they have left.
 */
function currentCallOf(calls: readonly LiveCall[], agentId: string): LiveCall | null {
  let current: LiveCall | null = null;
  for (const call of calls)
    if (
      call.agentId === agentId &&
      call.phase === "connected" &&
      (call.answeredAt ?? 0) >= (current?.answeredAt ?? -1)
    )
      current = call;
  return current;
}

/**
 * The wallboard's rows: today's counts from the API's wallboard, with what the live feed knows newer
 * (agents' states, who waits) laid over them, so the board moves the moment something happens.
 */
export function wallboardRows(data: WallboardData, feed: Pick<FeedState, "agents" | "queues" | "calls">) {
  const liveCalls = [...feed.calls.values()];
  const agents: AgentRow[] = data.agents.map((agent) => {
    const live = feed.agents.get(agent.agentId);
    const newer = live && live.since >= agent.sinceMs ? live : null;
    return {
      agentId: agent.agentId,
      name: agent.displayName,
      state: newer?.state ?? agent.state,
      reason: newer ? newer.reason : agent.reason,
      since: newer?.since ?? agent.sinceMs,
      queueId: newer ? newer.queueId : agent.queueId,
      call: currentCallOf(liveCalls, agent.agentId),
    };
  });
  const queues: QueueRow[] = data.queues.map((queue) => {
    const live = feed.queues.get(queue.queueId);
    const newer = live && live.updatedAt >= data.at ? live : null;
    return {
      queueId: queue.queueId,
      name: queue.name,
      waiting: newer?.waiting ?? queue.waiting,
      oldestSince: newer ? newer.oldestEnteredAt : queue.waiting > 0 ? data.at - queue.longestWaitMs : null,
      availableAgents: queue.availableAgents,
      answered: queue.answered,
      abandoned: queue.abandoned,
      serviceLevel: queue.serviceLevel,
      thresholdSeconds: queue.serviceLevelThresholdSeconds,
    };
  });
  return { agents, queues };
}

export interface Alert {
  queueId: string;
  severity: "warning" | "critical";
  text: string;
}

/** A queue that needs a supervisor: below its service-level target, a caller waiting too long, nobody free. */
export function queueAlerts(queues: readonly QueueRow[], now: number, targetLevel: number): Alert[] {
  const alerts: Alert[] = [];
  for (const q of queues) {
    const waitedSeconds = q.oldestSince === null ? 0 : (now - q.oldestSince) / 1000;
    if (q.waiting > 0 && q.availableAgents === 0)
      alerts.push({
        queueId: q.queueId,
        severity: "critical",
        text: `${q.name}: ${q.waiting} waiting and no agent is free.`,
      });
    if (waitedSeconds > q.thresholdSeconds)
      alerts.push({
        queueId: q.queueId,
        severity: "warning",
        text: `${q.name}: a caller has waited ${Math.floor(waitedSeconds)} s, more than the ${q.thresholdSeconds} s goal.`,
      });
    if (q.serviceLevel !== null && q.serviceLevel < targetLevel)
      alerts.push({
        queueId: q.queueId,
        severity: "warning",
        text: `${q.name}: ${Math.round(q.serviceLevel * 100)}% answered within ${q.thresholdSeconds} s today, below the ${Math.round(targetLevel * 100)}% target.`,
      });
  }
  return alerts;
}

export interface CallbackRow {
  callId: string;
  queueId: string | null;
  /** The number the caller confirmed: the one the callback rings. */
  number: string;
  /** When the caller entered the queue (a callback keeps that place). */
  since: number | null;
  /** An agent is being rung for it now. */
  ringing: boolean;
}

/** Callers waiting to be called back, longest waiting first: the feed keeps them after they hang up. */
export function waitingCallbacks(feed: Pick<FeedState, "calls">): CallbackRow[] {
  const rows: CallbackRow[] = [];
  for (const call of feed.calls.values())
    if (call.callbackNumber !== null && call.answeredAt === null)
      rows.push({
        callId: call.callId,
        queueId: call.queueId,
        number: call.callbackNumber,
        since: call.enteredQueueAt,
        ringing: call.phase === "ringing",
      });
  return rows.sort((a, b) => (a.since ?? Infinity) - (b.since ?? Infinity));
}
