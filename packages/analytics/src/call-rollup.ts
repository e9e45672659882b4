import { hourStart } from "./time-buckets.ts";

/** A Call row as the volume rollup reads it. */
export interface CallRow {
  id: string;
  test: boolean;
  flowId: string | null;
  flowVersionId: string | null;
  phoneNumberId: string | null;
  startedAt: number;
  endedAt: number | null;
  durationSeconds: number | null;
  queuedAt: number | null;
  agentAnsweredAt: number | null;
  outcome: string | null;
}

/** Calls that began in a local hour, by flow version and number. */
export interface CallHour {
  hour: number;
  flowId: string | null;
  flowVersionId: string | null;
  phoneNumberId: string | null;
  calls: number;
  ended: number;
  durationSeconds: number;
  queued: number;
  agentAnswered: number;
  callerHungUp: number;
  errors: number;
}

/** Counts each call once (by id) in the hour it began; test calls never. */
export function rollupCalls(rows: Iterable<CallRow>, timeZone: string): CallHour[] {
  const out = new Map<string, CallHour>();
  const seen = new Set<string>();
  for (const c of rows) {
    if (c.test || seen.has(c.id)) continue;
    seen.add(c.id);
    const hour = hourStart(c.startedAt, timeZone);
    const key = `${hour}|${c.flowVersionId}|${c.phoneNumberId}`;
    let r = out.get(key);
    if (!r)
      out.set(
        key,
        (r = {
          hour,
          flowId: c.flowId,
          flowVersionId: c.flowVersionId,
          phoneNumberId: c.phoneNumberId,
          calls: 0,
          ended: 0,
          durationSeconds: 0,
          queued: 0,
          agentAnswered: 0,
          callerHungUp: 0,
          errors: 0,
        }),
      );
    r.calls += 1;
    if (c.endedAt !== null) {
      r.ended += 1;
      r.durationSeconds += c.durationSeconds ?? 0;
    }
    if (c.queuedAt !== null) r.queued += 1;
    if (c.agentAnsweredAt !== null) r.agentAnswered += 1;
    if (c.outcome === "caller-hangup") r.callerHungUp += 1;
    if (c.outcome === "error") r.errors += 1;
  }
  return [...out.values()];
}
