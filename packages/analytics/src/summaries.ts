import type { AgentState } from "@ringflow/flow-schema";
import type { AgentHour } from "./agent-rollup.ts";
import type { QueueHour } from "./queue-rollup.ts";

type Counts<T> = { [K in keyof T as T[K] extends number ? K : never]: number };
export type QueueTotals = Omit<Counts<QueueHour>, "hour">;
export type AgentTotals = Omit<Counts<AgentHour>, "hour"> & {
  stateMs: Record<string, number>;
  dispositions: Record<string, number>;
};

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const seconds = (ms: number, n: number) => (n > 0 ? Math.round(ms / n / 100) / 10 : null);

/**
 * What a supervisor reads for a queue over any hours: the same service level as the wallboard (answered within
 * the threshold over offered less short abandons), average speed of answer, handle, wrap-up and hold time.
 */
export function queueSummary(t: QueueTotals) {
  return {
    offered: t.offered,
    answered: t.answered,
    abandoned: t.abandoned,
    shortAbandoned: t.shortAbandoned,
    answeredWithinThreshold: t.answeredWithinThreshold,
    overflowed: t.overflowed,
    callbacks: t.callbacks,
    serviceLevel: ratio(t.answeredWithinThreshold, t.offered - t.shortAbandoned),
    abandonRate: ratio(t.abandoned - t.shortAbandoned, t.offered - t.shortAbandoned),
    averageSpeedOfAnswerSeconds: seconds(t.answerWaitMs, t.answered),
    averageAbandonWaitSeconds: seconds(t.abandonWaitMs, t.abandoned),
    averageHandleSeconds: seconds(t.handleMs, t.handled),
    averageWrapUpSeconds: seconds(t.wrapUpMs, t.wrapUps),
    averageHoldSeconds: seconds(t.holdMs, t.handled),
  };
}
export type QueueSummary = ReturnType<typeof queueSummary>;

/** An agent over any hours: calls handled, average handle, wrap-up and hold time per call, availability, dispositions. */
export function agentSummary(t: AgentTotals) {
  return {
    handled: t.handled,
    averageHandleSeconds: seconds(t.handleMs, t.handled),
    averageWrapUpSeconds: seconds(t.wrapUpMs, t.handled),
    averageHoldSeconds: seconds(t.holdMs, t.handled),
    holds: t.holds,
    availability: ratio(t.workingMs, t.signedInMs),
    signedInSeconds: Math.round(t.signedInMs / 1000),
    stateSeconds: Object.fromEntries(
      Object.entries(t.stateMs).map(([state, ms]) => [state, Math.round(ms / 1000)]),
    ) as Partial<Record<AgentState, number>>,
    dispositions: t.dispositions,
  };
}
export type AgentSummary = ReturnType<typeof agentSummary>;

/** Sums hour rows (numbers added, maps of numbers added key by key). */
export function sumRows<T extends object>(
  rows: readonly T[],
): Record<string, number | Record<string, number>> {
  const out: Record<string, number | Record<string, number>> = {};
  for (const r of rows)
    for (const [k, v] of Object.entries(r)) {
      if (k === "hour") continue;
      if (typeof v === "number") out[k] = ((out[k] as number | undefined) ?? 0) + v;
      else if (v && typeof v === "object") {
        const target = (out[k] as Record<string, number> | undefined) ?? {};
        for (const [kk, vv] of Object.entries(v as Record<string, number>))
          target[kk] = (target[kk] ?? 0) + vv;
        out[k] = target;
      }
    }
  return out;
}
