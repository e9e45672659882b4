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
  z.object({ type: z.literal("queue.callback-requested"), ...callBase }),
  z.object({
    type: z.literal("agent.state-changed"),
    tenantId: z.string(),
    agentId: z.string(),
    at: z.number(),
    state: agentStateSchema,
    /** Why the agent is away (the tenant's break reasons, or "no-answer"); null otherwise. */
    reason: z.string().nullable(),
    /** The queue whose call put the agent in this state (ringing, on a call, wrap-up). */
    queueId: z.string().nullable(),
  }),
]);

export type QueueEvent = z.infer<typeof queueEventSchema>;
export type QueueEventType = QueueEvent["type"];

export * from "./queue-metrics.ts";
