import type { DesktopEvent, DesktopSnapshot, DesktopViewer, LiveCall } from "@ringflow/flow-schema";

/** Every one of its kind, the viewer's agent's own, or none. */
export type Reach = "all" | "own" | "none";

/**
 * Who a socket shows things to, as the server knows them: the viewer the socket is told about, the queues
 * whose summaries it may see (an agent's, the queues they are a member of; null: every queue), and which calls,
 * agents' statuses and presence flow to it (a signed-in person's role decides; an API token's scopes narrow it).
 */
export type FeedViewer = DesktopViewer & {
  queueIds: ReadonlySet<string> | null;
  sees: { calls: Reach; agents: Reach; presence: boolean };
};

/** What a supervisor's wallboard sees: everything of the tenant. */
export const SEES_ALL: FeedViewer["sees"] = { calls: "all", agents: "all", presence: true };
/** What an agent's desktop sees: its own calls and status. */
export const SEES_OWN: FeedViewer["sees"] = { calls: "own", agents: "own", presence: false };

/** What the socket itself is told about its viewer (never the server's filters). */
export const viewerMessage = ({ userId, tenantId, agentId, supervisor }: FeedViewer): DesktopViewer => ({
  userId,
  tenantId,
  agentId,
  supervisor,
});

const seesQueue = (viewer: FeedViewer, queueId: string) =>
  viewer.queueIds === null || viewer.queueIds.has(queueId);

/** An agent's own call: offered to it (now or last) or answered by it. */
function ownCall(viewer: DesktopViewer, call: LiveCall): boolean {
  return (
    viewer.agentId !== null && (call.agentId === viewer.agentId || call.offeredTo.includes(viewer.agentId))
  );
}

const seesCall = (viewer: FeedViewer, call: LiveCall) =>
  viewer.sees.calls === "all" || (viewer.sees.calls === "own" && ownCall(viewer, call));

const seesAgent = (viewer: FeedViewer, agentId: string) =>
  viewer.sees.agents === "all" || (viewer.sees.agents === "own" && agentId === viewer.agentId);

/**
 * What a socket may see: a supervisor (wallboard.view) everything of its tenant; an agent its own offers and
 * calls, its own status and the summaries of the queues they are a member of; an API token what its scopes
 * allow. Another tenant's events never reach the room at all.
 */
export function visibleTo(viewer: FeedViewer, event: DesktopEvent): boolean {
  if (event.tenantId !== viewer.tenantId) return false;
  switch (event.type) {
    case "call.offered":
    case "call.state-changed":
    case "call.ended":
      return seesCall(viewer, event.call);
    case "agent.status-changed":
      return seesAgent(viewer, event.agent.agentId);
    case "queue.update":
      return seesQueue(viewer, event.queue.queueId);
    case "presence":
      return viewer.sees.presence;
    case "call.control-outcome":
      return (
        viewer.sees.calls === "all" ||
        (viewer.sees.calls === "own" && viewer.agentId !== null && event.outcome.agentId === viewer.agentId)
      );
  }
}

export function visibleSnapshot(viewer: FeedViewer, snapshot: DesktopSnapshot): DesktopSnapshot {
  return {
    calls: snapshot.calls.filter((call) => seesCall(viewer, call)),
    agents: snapshot.agents.filter((agent) => seesAgent(viewer, agent.agentId)),
    queues: snapshot.queues.filter((queue) => seesQueue(viewer, queue.queueId)),
    presence: viewer.sees.presence ? snapshot.presence : [],
  };
}
