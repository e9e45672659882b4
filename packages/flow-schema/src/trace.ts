import * as z from "zod";

/** One line of the execution log: what the simulator, the call log and analytics show. */
export const traceEntrySchema = z.object({
  at: z.number(),
  turn: z.number().int(),
  /** null for the root flow; a subflow's id inside a subflow. */
  flowId: z.string().nullable(),
  nodeId: z.string().nullable(),
  kind: z.string().nullable(),
  type: z.enum(["enter", "resume", "wait", "ignored", "error", "end"]),
  port: z.string().nullable(),
  /** Variables this entry changed, with their new values. */
  variables: z.record(z.string(), z.unknown()),
  reason: z.string(),
});

export type TraceEntry = z.infer<typeof traceEntrySchema>;
