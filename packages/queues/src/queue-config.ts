import * as z from "zod";

/**
 * What the queue engine is told about queues, agents and callers. The API keeps the configuration in
 * Postgres and hands it to the engine; the engine keeps only what routing needs, in Redis.
 */
export const routingStrategySchema = z.enum([
  "longest-idle",
  "round-robin",
  "fewest-calls",
  "ring-all",
  "skills",
]);
export type RoutingStrategy = z.infer<typeof routingStrategySchema>;

/** Where an agent can be rung. A provider reaches some of these kinds (Twilio: its Voice SDK, SIP, phones). */
export const endpointKindSchema = z.enum(["twilio-client", "sip", "phone"]);
export type EndpointKind = z.infer<typeof endpointKindSchema>;

const id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^,;=\s]+$/, { error: "An id may not contain commas, semicolons, equals signs or spaces." });
const seconds = (max: number) => z.number().int().min(0).max(max);

export const queueConfigSchema = z.object({
  queueId: id,
  strategy: routingStrategySchema.default("longest-idle"),
  /** Callers waiting at most; one more overflows. 0: no limit. */
  maxSize: z.number().int().min(0).max(100_000).default(0),
  /** After this a waiting caller overflows. 0: no limit. */
  maxWaitSeconds: seconds(86_400).default(0),
  /** How long an offer rings before it goes to the next agent. */
  ringTimeoutSeconds: seconds(600).min(1).default(20),
  /** Whether an agent who lets an offer ring out is set away (reason "no-answer"). */
  awayOnNoAnswer: z.boolean().default(true),
  wrapUpSeconds: seconds(3_600).default(30),
  /** A caller is placed behind later callers of higher priority at most this many times (no starvation). */
  maxOvertakes: z.number().int().min(0).max(10_000).default(10),
  /** How many waiting callers one assignment looks at for one an available agent can take. */
  lookahead: z.number().int().min(1).max(5_000).default(100),
  /** The handle time estimates start from, before calls have been handled. */
  defaultHandleSeconds: seconds(86_400).min(1).default(180),
});
export type QueueConfig = z.input<typeof queueConfigSchema>;

export const agentConfigSchema = z.object({
  agentId: id,
  /** Tried in this order: the first kind the caller's provider can reach is rung. */
  endpoints: z.array(z.object({ kind: endpointKindSchema, address: z.string().min(1) })).default([]),
  skills: z.record(id, z.number().int().min(0).max(100)).default({}),
  queueIds: z.array(id).default([]),
});
export type AgentConfig = z.input<typeof agentConfigSchema>;

export const enqueueInputSchema = z.object({
  queueId: id,
  /** The call's id: the waiting entry keeps it, also as a callback. */
  callId: id,
  priority: z.number().int().min(0).max(100).default(0),
  /** What the caller's provider can ring. */
  reaches: z.array(endpointKindSchema).min(1),
  requiredSkills: z.record(id, z.number().int().min(0).max(100)).default({}),
  /** Offered to these agents first when they are free (skills-based routing). */
  preferredAgentIds: z.array(id).default([]),
  test: z.boolean().default(false),
  /** The caller's own maximum wait (the Enqueue block's), when shorter than the queue's. 0: the queue's. */
  maxWaitSeconds: z.number().int().min(0).max(86_400).default(0),
});
export type EnqueueInput = z.input<typeof enqueueInputSchema>;

/** The states an agent sets; ringing, on a call and wrap-up are the engine's. */
export const agentChoiceSchema = z.discriminatedUnion("state", [
  z.object({ state: z.literal("available") }),
  z.object({ state: z.literal("away"), reason: z.string().min(1).max(100) }),
  z.object({ state: z.literal("offline") }),
]);
export type AgentChoice = z.infer<typeof agentChoiceSchema>;
