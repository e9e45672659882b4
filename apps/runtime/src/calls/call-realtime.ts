import type { RealtimeEvent } from "@ringflow/flow-schema";
import { maskValue } from "@ringflow/platform";
import type { LiveCall } from "./call-record.ts";

/** Real-time events of a write: the call started, waits on a node, or ended. */
export function realtimeEvents<A>(before: LiveCall<A>, after: LiveCall<A>, at: number): RealtimeEvent[] {
  const base = { tenantId: after.meta.tenantId, callId: after.meta.callId, at, test: after.meta.test };
  const out: RealtimeEvent[] = [];
  if (before.rev === 0)
    out.push({
      type: "call.started",
      ...base,
      provider: after.meta.provider,
      direction: after.meta.direction,
      from: after.meta.from,
      to: after.meta.to,
      flowId: after.meta.flowId,
    });
  const { state } = after;
  if (state.status === "waiting" && state.waiting && (before.rev === 0 || before.state.turn !== state.turn))
    out.push({
      type: "call.waiting",
      ...base,
      turn: state.turn,
      nodeId: state.waiting.nodeId,
      for: state.waiting.for,
      variables: maskValue(state.frame.vars) as Record<string, unknown>,
    });
  if (state.status === "ended") out.push({ type: "call.ended", ...base, reason: state.endReason ?? "ended" });
  return out;
}
