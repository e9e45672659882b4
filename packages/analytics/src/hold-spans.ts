import type { HoldEvent } from "@ringflow/flow-schema";
import type { HoldSpan } from "./queue-rollup.ts";
import type { AgentSegment } from "./segments.ts";

/**
 * The holds of each call from its held/resumed events: a hold lasts until the next resume, or, when the
 * caller never came back (they hung up, or the agent left), until the end of the agent's stretch on that
 * call; one still going lasts until `until`. Repeats (a retried request) and test calls count never.
 */
export function holdSpans(
  events: readonly HoldEvent[],
  segments: readonly AgentSegment[],
  until: number,
): HoldSpan[] {
  const byCall = new Map<string, HoldEvent[]>();
  const seen = new Set<string>();
  for (const e of events) {
    if (e.test || seen.has(`${e.type}|${e.requestId}`)) continue;
    seen.add(`${e.type}|${e.requestId}`);
    const key = `${e.queueId}|${e.callId}`;
    const list = byCall.get(key) ?? [];
    list.push(e);
    byCall.set(key, list);
  }
  const onCall = new Map<string, AgentSegment[]>();
  for (const s of segments)
    if (s.state === "on-call") {
      const list = onCall.get(s.agentId);
      if (list) list.push(s);
      else onCall.set(s.agentId, [s]);
    }
  const onCallEnd = (agentId: string, at: number) => {
    const s = onCall.get(agentId)?.find((x) => x.start <= at && (x.end ?? Infinity) > at);
    return s ? (s.end ?? until) : until;
  };
  const spans: HoldSpan[] = [];
  for (const list of byCall.values()) {
    list.sort((a, b) => a.at - b.at);
    let held: HoldEvent | null = null;
    for (const e of list) {
      if (e.type === "call.held") held ??= e;
      else if (held) {
        spans.push(span(held, e.at));
        held = null;
      }
    }
    if (held) spans.push(span(held, Math.min(onCallEnd(held.agentId, held.at), until)));
  }
  return spans.filter((s) => s.ms > 0);
}

const span = (held: HoldEvent, end: number): HoldSpan => ({
  queueId: held.queueId,
  agentId: held.agentId,
  callId: held.callId,
  at: held.at,
  ms: end - held.at,
});
