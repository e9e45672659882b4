import type { DesktopEvent, DesktopSnapshot, DesktopViewer, LiveCall } from "@ringflow/flow-schema";

/**
 * Who a socket shows things to, as the server knows them: the viewer the socket is told about, and the
 * queues whose summaries it may see (an agent's own, the queues they are a member of; null: every queue).
 */
export type FeedViewer = DesktopViewer & { queueIds: ReadonlySet<string> | null };

/** What the socket itself is told about its viewer (never the server's filters). */
export const viewerMessage = ({ userId, tenantId, agentId, supervisor }: FeedViewer): DesktopViewer => ({
  userId,
  tenantId,
  agentId,
  supervisor,
});

const seesQueue = (viewer: FeedViewer, queueId: string) =>
  viewer.supervisor || viewer.queueIds === null || viewer.queueIds.has(queueId);

/** An agent's own call: offered to it (now or last) or answered by it. */
function ownCall(viewer: DesktopViewer, call: LiveCall): boolean {
  return (
    viewer.agentId !== null && (call.agentId === viewer.agentId || call.offeredTo.includes(viewer.agentId))
  );
}

/**
 * What a socket may see: a supervisor (wallboard.view) everything of its tenant; an agent its own offers and
 * calls, its own status and the summaries of the queues they are a member of. Another tenant's events never
 * reach the room at all.
 */
export function visibleTo(viewer: FeedViewer, event: DesktopEvent): boolean {
  if (event.tenantId !== viewer.tenantId) return false;
  if (viewer.supervisor) return true;
  switch (event.type) {
    case "call.offered":
    case "call.state-changed":
    case "call.ended":
      return ownCall(viewer, event.call);
    case "agent.status-changed":
      return event.agent.agentId === viewer.agentId;
    case "queue.update":
      return seesQueue(viewer, event.queue.queueId);
    case "presence":
      return false;
  }
}

export function visibleSnapshot(viewer: FeedViewer, snapshot: DesktopSnapshot): DesktopSnapshot {
  if (viewer.supervisor) return snapshot;
  return {
    calls: snapshot.calls.filter((call) => ownCall(viewer, call)),
    agents: snapshot.agents.filter((agent) => agent.agentId === viewer.agentId),
    queues: snapshot.queues.filter((queue) => seesQueue(viewer, queue.queueId)),
    presence: [],
  };
}
