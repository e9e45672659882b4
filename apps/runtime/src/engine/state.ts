import * as z from "zod";
import { consentStatusSchema, waitKindSchema } from "@ringflow/flow-schema";

const json = z.json();

/** One flow's working memory; a subflow gets its own, and the caller's is kept on the stack. */
export const frameSchema = z.object({
  /** null for the root flow. */
  flowId: z.string().nullable(),
  /** The node being run; on the stack, the subflow node that will resume. */
  nodeId: z.string().nullable(),
  vars: z.record(z.string(), json),
  /** `nodes.<nodeId>.<field>` in templates. */
  nodes: z.record(z.string(), z.record(z.string(), json)),
  /** Retry counters per node, reset when the node is entered. */
  attempts: z.record(z.string(), z.number().int()),
});

/** Plain JSON: adapters keep it in Redis between webhooks and pass it back to `step`. */
export const callStateSchema = z.object({
  version: z.literal(1),
  callId: z.string(),
  direction: z.enum(["inbound", "outbound"]),
  from: z.string(),
  to: z.string(),
  /** The caller's US state (e.g. "CA") when the carrier tells us; drives recording consent. */
  callerState: z.string().nullable(),
  startedAt: z.number(),
  lastEventAt: z.number(),
  flow: z.object({
    accountId: z.string().nullable(),
    flowId: z.string().nullable(),
    flowVersion: z.number().nullable(),
    name: z.string(),
  }),
  status: z.enum(["running", "waiting", "ended"]),
  /** Increases every time the engine starts waiting; commands and events carry it. */
  turn: z.number().int().nonnegative(),
  waiting: z
    .object({ nodeId: z.string(), for: waitKindSchema, requestId: z.string().nullable(), since: z.number() })
    .nullable(),
  language: z.string(),
  consent: consentStatusSchema,
  recording: z.boolean(),
  frame: frameSchema,
  stack: z.array(frameSchema),
  lastError: z.object({ message: z.string(), nodeId: z.string().nullable() }).nullable(),
  endReason: z.string().nullable(),
});

export type Frame = z.infer<typeof frameSchema>;
export type { WaitKind } from "@ringflow/flow-schema";
export type CallState = z.infer<typeof callStateSchema>;
export type Json = z.infer<typeof json>;

/**
 * The copy a step works on. Shallow where the engine only ever replaces values (node outputs, variables,
 * waiting, lastError are assigned, never changed in place), so a step costs the same at the tenth node of
 * a call as at the thousandth, and the caller's state is never mutated.
 */
export function copyState(state: CallState): CallState {
  return { ...state, frame: copyFrame(state.frame), stack: [...state.stack] };
}

export function copyFrame(frame: Frame): Frame {
  return { ...frame, vars: { ...frame.vars }, nodes: { ...frame.nodes }, attempts: { ...frame.attempts } };
}
