import * as z from "zod";
import { waitKindSchema } from "../commands.ts";
import { callControlReportSchema } from "./call-control.ts";
import { agentStateSchema, queueEventSchema } from "./queue-events.ts";
import { realtimeEventSchema } from "./realtime.ts";

/**
 * The agent desktop's and the wallboard's live feed: a WebSocket to the API's `GET /realtime` (JSON text
 * frames, one message per frame). Authentication: the `ringflow_session` cookie sent with the upgrade (or an
 * integration's API token as `Authorization: Bearer`); the socket closes with 4401 when the session ends (or
 * the token expires) and 4403 when the role loses `desktop.use`/`wallboard.view` (or the token is revoked).
 *
 *   client -> subscribe                  server -> snapshot (seq S), then event (seq > S) as things happen
 *   client -> resume { afterSeq: S }     server -> every event after S it missed, in order; or a snapshot when
 *                                                  S is older than the backlog the server keeps
 *   client -> ping                       server -> pong
 *
 * `seq` counts the tenant's events (one order for every socket of the tenant). A socket sees only what its
 * role may see (an agent: its own offers and calls, its own status, queue summaries; a supervisor: all of
 * the tenant), so the numbers it receives have gaps; remember the last one received and resume after it.
 * Entities carry their whole current state: apply an event by replacing the entity with the same id.
 */

/** What the call core and the queue engine publish on a tenant's channel: the feed is built from these. */
export const sourceEventSchema = z.discriminatedUnion("type", [
  ...realtimeEventSchema.options,
  ...queueEventSchema.options,
]);
export type SourceEvent = z.infer<typeof sourceEventSchema>;
export type SourceEventType = SourceEvent["type"];
const SOURCE_EVENT_TYPES = new Set<string>(sourceEventSchema.options.map((o) => o.shape.type.value));
/** Which source event changed an entity. */
export const sourceEventTypeSchema = z.custom<SourceEventType>(
  (value) => typeof value === "string" && SOURCE_EVENT_TYPES.has(value),
  "not a call or queue event type",
);

export const callPhaseSchema = z.enum(["in-flow", "queued", "ringing", "connected", "ended"]);
export type CallPhase = z.infer<typeof callPhaseSchema>;

/**
 * A live call as the desktop shows it. `from`, `to`, `flowId`, `nodeId`/`waitingFor` and `variables` (what the
 * caller chose and said, masked) are the screen pop; the flow version's agent view says how to show them.
 * Fields not known yet (a call first heard of through its queue) have their defaults.
 */
export const liveCallSchema = z.object({
  callId: z.string(),
  test: z.boolean().default(false),
  provider: z.string().nullable().default(null),
  direction: z.enum(["INBOUND", "OUTBOUND"]).nullable().default(null),
  from: z.string().nullable().default(null),
  to: z.string().nullable().default(null),
  flowId: z.string().nullable().default(null),
  phase: callPhaseSchema.default("in-flow"),
  startedAt: z.number().nullable().default(null),
  nodeId: z.string().nullable().default(null),
  waitingFor: waitKindSchema.nullable().default(null),
  variables: z.record(z.string(), z.unknown()).default({}),
  queueId: z.string().nullable().default(null),
  priority: z.number().int().nullable().default(null),
  enteredQueueAt: z.number().nullable().default(null),
  /** The offer ringing now and the agents it rings. */
  offerId: z.string().nullable().default(null),
  offeredTo: z.array(z.string()).default([]),
  /** The agent who answered. */
  agentId: z.string().nullable().default(null),
  answeredAt: z.number().nullable().default(null),
  /** A caller who asked to be called back keeps the place; the call itself has ended. */
  callbackRequested: z.boolean().default(false),
  /**
   * The number a caller waiting for a callback confirmed (the agent's call rings it); null once nobody waits
   * for it (answered, given up). The call stays in the feed while it is set, though the caller hung up.
   */
  callbackNumber: z.string().nullable().default(null),
  endedAt: z.number().nullable().default(null),
  endReason: z.string().nullable().default(null),
});
export type LiveCall = z.infer<typeof liveCallSchema>;

export const agentStatusSchema = z.object({
  agentId: z.string(),
  state: agentStateSchema,
  /** Why the agent is away (the tenant's break reasons, or "no-answer") or offline ("connection-lost"). */
  reason: z.string().nullable().default(null),
  /** The queue whose call put the agent in this state. */
  queueId: z.string().nullable().default(null),
  since: z.number(),
});
export type AgentStatus = z.infer<typeof agentStatusSchema>;

export const queueSummarySchema = z.object({
  queueId: z.string(),
  /** Callers waiting or being rung (callbacks keep their place and count). */
  waiting: z.number().int().nonnegative().default(0),
  /** When the longest-waiting caller entered; null when nobody waits. */
  oldestEnteredAt: z.number().nullable().default(null),
  updatedAt: z.number(),
});
export type QueueSummary = z.infer<typeof queueSummarySchema>;

/** Someone with a desktop or wallboard open (any API process). */
export const presenceSchema = z.object({
  userId: z.string(),
  online: z.boolean(),
  since: z.number(),
});
export type Presence = z.infer<typeof presenceSchema>;

const eventBase = { tenantId: z.string(), at: z.number() };

export const desktopEventSchema = z.discriminatedUnion("type", [
  /** An agent is being rung: the screen pop before answering. */
  z.object({
    type: z.literal("call.offered"),
    ...eventBase,
    cause: sourceEventTypeSchema,
    call: liveCallSchema,
  }),
  z.object({
    type: z.literal("call.state-changed"),
    ...eventBase,
    cause: sourceEventTypeSchema,
    call: liveCallSchema,
  }),
  z.object({
    type: z.literal("call.ended"),
    ...eventBase,
    cause: sourceEventTypeSchema,
    call: liveCallSchema,
  }),
  z.object({ type: z.literal("agent.status-changed"), ...eventBase, agent: agentStatusSchema }),
  z.object({ type: z.literal("queue.update"), ...eventBase, queue: queueSummarySchema }),
  z.object({ type: z.literal("presence"), ...eventBase, presence: presenceSchema }),
  /** What the agent's hold, transfer, consultation or recording request came to: shown, then gone. */
  z.object({ type: z.literal("call.control-outcome"), ...eventBase, outcome: callControlReportSchema }),
]);
export type DesktopEvent = z.infer<typeof desktopEventSchema>;
export type DesktopEventType = DesktopEvent["type"];

export const desktopSnapshotSchema = z.object({
  calls: z.array(liveCallSchema),
  agents: z.array(agentStatusSchema),
  queues: z.array(queueSummarySchema),
  presence: z.array(presenceSchema),
});
export type DesktopSnapshot = z.infer<typeof desktopSnapshotSchema>;

const seqSchema = z.number().int().nonnegative();

export const desktopClientMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("subscribe") }),
  z.object({ type: z.literal("resume"), afterSeq: seqSchema }),
  z.object({ type: z.literal("ping"), id: z.string().max(64).optional() }),
]);
export type DesktopClientMessage = z.infer<typeof desktopClientMessageSchema>;

/** Who the socket belongs to, so the desktop knows which calls are its agent's own. */
export const desktopViewerSchema = z.object({
  userId: z.string(),
  tenantId: z.string(),
  /** The agent the user is in this tenant, if any. */
  agentId: z.string().nullable(),
  /** Sees every call, agent and presence of the tenant (wallboard.view), not only its own. */
  supervisor: z.boolean(),
});
export type DesktopViewer = z.infer<typeof desktopViewerSchema>;

export const desktopErrorCodeSchema = z.enum([
  "bad-message",
  "subscribe-first",
  "too-many-messages",
  "internal",
]);

export const desktopServerMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("snapshot"),
    /** The tenant's sequence number the snapshot is current at; events after it follow. */
    seq: seqSchema,
    viewer: desktopViewerSchema,
    snapshot: desktopSnapshotSchema,
  }),
  z.object({ type: z.literal("event"), seq: seqSchema, event: desktopEventSchema }),
  /** The missed events were sent (after a resume): live events follow. */
  z.object({ type: z.literal("resumed"), seq: seqSchema, viewer: desktopViewerSchema }),
  z.object({ type: z.literal("pong"), id: z.string().optional() }),
  z.object({ type: z.literal("error"), code: desktopErrorCodeSchema, message: z.string() }),
]);
export type DesktopServerMessage = z.infer<typeof desktopServerMessageSchema>;

/** The pub/sub channel carrying a tenant's sequenced feed between API processes. */
export const desktopFeedChannel = (tenantId: string) => `rt:feed:${tenantId}`;
