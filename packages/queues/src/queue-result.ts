import * as z from "zod";
import { agentStateSchema, queueEventSchema } from "@ringflow/flow-schema";
import { endpointKindSchema } from "./queue-config.ts";

// Redis' cjson writes an empty Lua table as {}: a list that may be empty accepts that too.
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (value && typeof value === "object" && !Array.isArray(value) ? Object.values(value) : value),
    z.array(item),
  );

/** An offer: the caller is leased to these agents until `expiresAt`; ring them, first to accept wins. */
export const offerSchema = z.object({
  offerId: z.string(),
  queueId: z.string(),
  callId: z.string(),
  expiresAt: z.number(),
  /** Set for a callback: the number to call once the agent answers. */
  callbackNumber: z.string().nullable(),
  agents: list(z.object({ agentId: z.string(), kind: endpointKindSchema, address: z.string() })),
});
export type Offer = z.infer<typeof offerSchema>;

export const queueOutcomeSchema = z.enum([
  "ok",
  "waiting",
  "offered",
  "connected",
  "overflow",
  "gone",
  "expired",
  "not-offered",
  "busy",
  "unknown-queue",
  "unknown-agent",
]);

/**
 * What every engine operation returns: its outcome, what it says about the entry it touched, the offers made
 * before the script ended (assignment runs inside every change) and the events it recorded.
 */
export const queueResultSchema = z.object({
  status: queueOutcomeSchema,
  queueId: z.string().optional(),
  callId: z.string().optional(),
  agentId: z.string().optional(),
  /** 1 = next in line; offered entries count until they are answered. */
  position: z.number().int().optional(),
  /** null: no agent of the queue is staffed (available, ringing, on a call or in wrap-up). */
  estimatedWaitMs: z.number().nullable().optional(),
  callback: z.boolean().optional(),
  callbackNumber: z.string().nullable().optional(),
  reason: z.enum(["queue-full", "max-wait"]).optional(),
  agentState: agentStateSchema.optional(),
  /** Calls whose maximum wait passed: the call session sends each through the Enqueue block's overflow. */
  overflowed: list(z.string()).optional(),
  /** More timers were due than one tick handles: tick again. */
  more: z.boolean().optional(),
  offers: list(offerSchema),
  events: list(queueEventSchema),
});
export type QueueResult = z.infer<typeof queueResultSchema>;
