import type { LiveCall } from "@ringflow/flow-schema";
import type { FeedState } from "./live-feed.ts";

export interface MyCalls {
  /** Ringing for this agent now: the screen pop before answering. */
  offered: LiveCall[];
  /** Connected to this agent. */
  active: LiveCall | null;
  /** Ended or left after this agent talked to the caller, and not wrapped up yet here. */
  toWrapUp: LiveCall[];
}

/**
 * The agent's own calls among the feed's (an agent's feed has only those; a supervisor's has all). A call
 * the agent left (hung up, transferred) goes on without them: it is theirs to wrap up, like an ended one.
 */
export function myCalls(
  feed: Pick<FeedState, "calls">,
  agentId: string | null,
  wrapped: ReadonlySet<string>,
  left: ReadonlySet<string> = new Set(),
): MyCalls {
  const out: MyCalls = { offered: [], active: null, toWrapUp: [] };
  if (!agentId) return out;
  for (const call of feed.calls.values()) {
    if (call.phase === "ringing" && call.offeredTo.includes(agentId)) out.offered.push(call);
    else if (call.agentId !== agentId || !call.answeredAt || wrapped.has(call.callId)) continue;
    else if (call.phase === "connected" && !left.has(call.callId)) out.active = call;
    else if (call.phase === "ended" || left.has(call.callId)) out.toWrapUp.push(call);
  }
  out.toWrapUp.sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
  return out;
}
