import type { DesktopEvent, LiveCall, SourceEvent, SourceEventType } from "@ringflow/flow-schema";

/** The entities of the desktop feed; each is stored under its id and sent whole in the event named for it. */
export type FeedEntity = "call" | "agent" | "queue" | "presence" | "outcome";

/**
 * One change of one entity, as the feed script applies it: `set` fields merged into the stored entity, the
 * queue's waiting callers, a presence count. The script numbers it, stores it in the backlog and publishes
 * `{ ...event, [entity]: the merged entity }` (a `DesktopEvent`).
 */
export interface FeedChange {
  event: { type: DesktopEvent["type"]; tenantId: string; at: number; cause?: SourceEventType };
  entity: FeedEntity;
  id: string;
  set: Record<string, unknown>;
  /** Queue entities: the caller that starts or stops waiting (the summary counts them). */
  waiting?: { add: string; since: number } | { remove: string };
  /** Presence: one socket more or fewer; the change is published only when the user comes or goes. */
  count?: 1 | -1;
  /** The entity is gone once this change is sent (an ended call, a user gone offline). */
  remove?: boolean;
  /** With `remove`: unless this field of the stored entity holds a value (not null); then it stays. */
  keepWhile?: string;
  /** Applied only while this field of the stored entity holds a value (never to an entity that is gone). */
  onlyWhile?: string;
  /** Presence: the socket's heartbeat entry, added (for its lifetime) or removed (applied once). */
  socket?: { add: string; ttlMs: number } | { remove: string };
  /** Presence: the user's agent, offline this long after the user's last socket goes, unless one comes back. */
  lost?: { agentId: string; afterMs: number };
}

type CallFields = Partial<Omit<LiveCall, "callId">>;

/** What each event of the call core and the queue engine changes in the feed. */
export function feedChanges(source: SourceEvent): FeedChange[] {
  const { tenantId, at } = source;
  const call = (
    type: "call.offered" | "call.state-changed" | "call.ended",
    callId: string,
    set: CallFields,
    remove = false,
  ): FeedChange => ({
    event: { type, tenantId, at, cause: source.type },
    entity: "call",
    id: callId,
    set: { callId, ...set },
    ...(remove ? { remove } : {}),
  });
  const queue = (queueId: string, waiting: FeedChange["waiting"]): FeedChange => ({
    event: { type: "queue.update", tenantId, at },
    entity: "queue",
    id: queueId,
    set: { queueId, updatedAt: at },
    ...(waiting ? { waiting } : {}),
  });
  switch (source.type) {
    case "call.started":
      return [
        call("call.state-changed", source.callId, {
          test: source.test,
          provider: source.provider,
          direction: source.direction,
          from: source.from,
          to: source.to,
          flowId: source.flowId,
          startedAt: at,
        }),
      ];
    case "call.waiting":
      return [
        call("call.state-changed", source.callId, {
          test: source.test,
          nodeId: source.nodeId,
          waitingFor: source.for,
          variables: source.variables,
        }),
      ];
    case "call.ended":
      // A caller waiting for a callback hung up; the wait goes on, so the call stays in the feed for it.
      return [
        {
          ...call(
            "call.ended",
            source.callId,
            { phase: "ended", endedAt: at, endReason: source.reason },
            true,
          ),
          keepWhile: "callbackNumber",
        },
      ];
    case "queue.entered":
      return [
        call("call.state-changed", source.callId, {
          test: source.test,
          phase: "queued",
          queueId: source.queueId,
          priority: source.priority,
          enteredQueueAt: at,
        }),
        queue(source.queueId, { add: source.callId, since: at }),
      ];
    case "queue.offered":
      return [
        call("call.offered", source.callId, {
          test: source.test,
          phase: "ringing",
          queueId: source.queueId,
          offerId: source.offerId,
          offeredTo: source.agentIds,
        }),
      ];
    case "queue.no-answer":
      // offeredTo stays: the agents it rang learn from the phase that it rings no more.
      return [call("call.state-changed", source.callId, { phase: "queued", offerId: null })];
    case "queue.answered":
      return [
        call("call.state-changed", source.callId, {
          phase: "connected",
          queueId: source.queueId,
          offerId: null,
          agentId: source.agentId,
          answeredAt: at,
          // A callback answered waits no more (its number stays in the call's history).
          callbackNumber: null,
        }),
        queue(source.queueId, { remove: source.callId }),
      ];
    case "queue.abandoned":
      return [
        queue(source.queueId, { remove: source.callId }),
        // A callback given up waits no more; any other call (or one gone from the feed) is left as it is.
        {
          ...call("call.state-changed", source.callId, { callbackNumber: null }),
          onlyWhile: "callbackNumber",
        },
      ];
    case "queue.overflowed":
      return [
        call("call.state-changed", source.callId, { phase: "in-flow", offerId: null }),
        queue(source.queueId, { remove: source.callId }),
      ];
    case "queue.transferred":
      // The call is the new agent's now: their desktop shows it, the previous agent's shows it left them.
      return [
        call("call.state-changed", source.callId, { agentId: source.agentId, queueId: source.queueId }),
      ];
    case "queue.callback-requested":
      return [
        call("call.state-changed", source.callId, {
          callbackRequested: true,
          callbackNumber: source.number,
        }),
      ];
    case "call.control-outcome": {
      // Said once, never kept: the entity is gone as soon as it is sent (snapshots never hold one).
      const { type: _type, tenantId: _tenant, at: _at, test: _test, ...outcome } = source;
      return [
        {
          event: { type: "call.control-outcome", tenantId, at },
          entity: "outcome",
          id: source.requestId ?? `${source.callId}:${at}`,
          set: outcome,
          remove: true,
        },
      ];
    }
    case "agent.state-changed":
      return [
        {
          event: { type: "agent.status-changed", tenantId, at },
          entity: "agent",
          id: source.agentId,
          set: {
            agentId: source.agentId,
            state: source.state,
            reason: source.reason,
            queueId: source.queueId,
            since: at,
          },
        },
      ];
  }
}

/**
 * A user's desktop or wallboard opened (+1) or closed (-1) on some API process, or its heartbeat expired (-1,
 * the process holding it died), with the socket's heartbeat entry and what happens to the user's agent.
 */
export function presenceChange(
  tenantId: string,
  userId: string,
  count: 1 | -1,
  at: number,
  extra: Pick<FeedChange, "socket" | "lost"> = {},
): FeedChange {
  return {
    event: { type: "presence", tenantId, at },
    entity: "presence",
    id: userId,
    set: { userId, online: count > 0, since: at },
    count,
    ...(count < 0 ? { remove: true } : {}),
    ...extra,
  };
}
