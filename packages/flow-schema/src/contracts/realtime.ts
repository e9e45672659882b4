import * as z from "zod";
import { waitKindSchema } from "../commands.ts";
import { callControlReportSchema } from "./call-control.ts";

/**
 * What the call core publishes while calls run (Redis pub/sub, one channel per tenant), for the agent desktop
 * and the supervisors' live views: a call started, it waits on a node (with what the caller chose and said so
 * far), it ended, what a call-control request came to. Every process that publishes or listens parses with this schema.
 */
const base = {
  tenantId: z.string(),
  callId: z.string(),
  at: z.number(),
  /** A builder test call. */
  test: z.boolean(),
};

export const realtimeEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("call.started"),
    ...base,
    provider: z.string(),
    direction: z.enum(["INBOUND", "OUTBOUND"]),
    from: z.string(),
    to: z.string(),
    flowId: z.string().nullable(),
  }),
  z.object({
    type: z.literal("call.waiting"),
    ...base,
    turn: z.number().int(),
    nodeId: z.string(),
    for: waitKindSchema,
    /** The flow's variables (masked): what the caller chose and said. */
    variables: z.record(z.string(), z.unknown()),
  }),
  z.object({ type: z.literal("call.ended"), ...base, reason: z.string() }),
  /** What a call-control request came to (the runtime, as it carries it out or as the provider reports). */
  z.object({ type: z.literal("call.control-outcome"), ...base, ...callControlReportSchema.shape }),
]);

export type RealtimeEvent = z.infer<typeof realtimeEventSchema>;

/** The pub/sub channel of a tenant's real-time events (under the deployment's Redis key prefix). */
export const realtimeChannel = (tenantId: string) => `rt:tenant:${tenantId}`;
