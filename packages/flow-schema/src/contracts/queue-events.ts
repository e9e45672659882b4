import * as z from "zod";

/**
 * What the queue engine records about queues and agents (one Redis stream per tenant, written in the same
 * script as the change it describes). The wallboard and later analytics count these with the metric
 * definitions in `queue-metrics.ts`, so both count the same thing.
 */
export const agentStateSchema = z.enum(["available", "ringing", "on-call", "wrap-up", "away", "offline"]);
export type AgentState = z.infer<typeof agentStateSchema>;

const callBase = {
  tenantId: z.string(),
  queueId: z.string(),
  /** The waiting entry: the call's id (a callback keeps it). */
  callId: z.string(),
  at: z.number(),
  /** A builder test call: never counted. */
  test: z.boolean(),
};

/** The reason an agent is offline when their desktop's connection ended and none came back in time. */
export const CONNECTION_LOST = "connection-lost";

export const queueEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("queue.entered"), ...callBase, priority: z.number().int() }),
  z.object({
    type: z.literal("queue.offered"),
    ...callBase,
    offerId: z.string(),
    agentIds: z.array(z.string()).min(1),
  }),
  z.object({
    type: z.literal("queue.no-answer"),
    ...callBase,
    offerId: z.string(),
    agentIds: z.array(z.string()).min(1),
  }),
  z.object({ type: z.literal("queue.answered"), ...callBase, agentId: z.string(), waitMs: z.number() }),
  z.object({ type: z.literal("queue.abandoned"), ...callBase, waitMs: z.number() }),
  z.object({
    type: z.literal("queue.overflowed"),
    ...callBase,
    reason: z.enum(["queue-full", "max-wait"]),
    waitMs: z.number(),
  }),
  z.object({
    type: z.literal("queue.callback-requested"),
    ...callBase,
    /** The number the caller confirmed to be called back on (events recorded before it was kept have none). */
    number: z.string().nullable().default(null),
  }),
  /** A connected call went to another agent (a blind transfer, a completed consultation). */
  z.object({
    type: z.literal("queue.transferred"),
    ...callBase,
    fromAgentId: z.string(),
    agentId: z.string(),
  }),
  z.object({
    type: z.literal("agent.state-changed"),
    tenantId: z.string(),
    agentId: z.string(),
    at: z.number(),
    state: agentStateSchema,
    /**
     * Why the agent is away (the tenant's break reasons, or "no-answer") or offline ("connection-lost": their
     * desktop's connection ended and none came back); null otherwise.
     */
    reason: z.string().nullable(),
    /** The queue whose call put the agent in this state (ringing, on a call, wrap-up). */
    queueId: z.string().nullable(),
  }),
]);

export type QueueEvent = z.infer<typeof queueEventSchema>;
export type QueueEventType = QueueEvent["type"];

/**
 * The agent put the caller on hold (the desktop's Hold, or a consultation) or took them off it. Recorded by
 * the runtime as it carries out the call-control request (it changes no queue state, so it is not in the
 * engine's stream) and kept beside the engine's events, so the analytics rollup counts hold time.
 */
export const holdEventSchema = z.object({
  type: z.enum(["call.held", "call.resumed"]),
  ...callBase,
  agentId: z.string(),
  /** The call-control request that did it: a retried request is recorded once. */
  requestId: z.string(),
});
export type HoldEvent = z.infer<typeof holdEventSchema>;
export const HOLD_EVENT_TYPES = holdEventSchema.shape.type.options;

export * from "./queue-metrics.ts";

/**
 * The priority a text gives (what an Enqueue block's "priority from" rendered): a whole number from 0 to 100,
 * spaces around it allowed; undefined for anything else ("gold", "7.5", "-1", "101", "").
 */
export function queuePriorityOf(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,3}$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value <= 100 ? value : undefined;
}
