import type { DesktopEvent, DesktopSnapshot, DesktopViewer, LiveCall } from "@ringflow/flow-schema";

/** An agent's own call: offered to it (now or last) or answered by it. */
function ownCall(viewer: DesktopViewer, call: LiveCall): boolean {
  return (
    viewer.agentId !== null && (call.agentId === viewer.agentId || call.offeredTo.includes(viewer.agentId))
  );
}

/**
 * What a socket may see: a supervisor (wallboard.view) everything of its tenant; an agent its own offers and
 * calls, its own status and the queue summaries. Another tenant's events never reach the room at all.
 */
export function visibleTo(viewer: DesktopViewer, event: DesktopEvent): boolean {
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
      return true;
    case "presence":
      return false;
  }
}

export function visibleSnapshot(viewer: DesktopViewer, snapshot: DesktopSnapshot): DesktopSnapshot {
  if (viewer.supervisor) return snapshot;
  return {
    calls: snapshot.calls.filter((call) => ownCall(viewer, call)),
    agents: snapshot.agents.filter((agent) => agent.agentId === viewer.agentId),
    queues: snapshot.queues,
    presence: [],
  };
}
