import { LRUCache } from "lru-cache";
import * as z from "zod";
import {
  callCommandSchema,
  dialTargetSchema,
  promptCommandSchema,
  type CallCommandOf,
} from "@ringflow/flow-schema";

/**
 * The Asterisk adapter's answer to one turn: what the channel does next, in order, as plain data. The call
 * core stores it (as JSON) like Twilio's TwiML, so whichever process holds the connection can carry it out,
 * and a replayed event gets the same plan. Media URIs are not in it: the driver asks the media service for
 * them when it plays (speech is made and cached on demand).
 */
const turn = z.number().int().nonnegative();

const enqueueCommandSchema = z.custom<CallCommandOf<"enqueue">>(
  (value) => callCommandSchema.safeParse(value).success && (value as { type?: unknown }).type === "enqueue",
);

export const ariStepSchema = z.discriminatedUnion("type", [
  /** Plays prompts one after another; `bargeIn`: a key press stops them (the listen step that follows). */
  z.object({ type: z.literal("play"), prompts: z.array(promptCommandSchema), bargeIn: z.boolean() }),
  /** Collects DTMF; the timeout starts once the prompts before it end and again after every key. */
  z.object({
    type: z.literal("listen"),
    turn,
    timeoutMs: z.number().int().positive(),
    interDigitMs: z.number().int().positive(),
    finishKey: z.string().optional(),
    numDigits: z.number().int().positive().optional(),
    maxDigits: z.number().int().positive().optional(),
  }),
  /** Originates to the target, bridges on answer, reports how it went. */
  z.object({
    type: z.literal("dial"),
    turn,
    target: dialTargetSchema,
    callerId: z.string().optional(),
    ringTimeoutSeconds: z.number().positive(),
    record: z.boolean(),
  }),
  /** A voicemail through a channel recording. */
  z.object({
    type: z.literal("record"),
    turn,
    maxSeconds: z.number().positive(),
    beep: z.boolean(),
    finishKey: z.string().optional(),
  }),
  /** Whole-call recording (a snoop channel on both directions, recorded) from here on, or its end. */
  z.object({ type: z.literal("record-call"), on: z.boolean() }),
  /** Music on hold while a slow HTTP request runs; the driver asks the call core until its outcome is in. */
  z.object({ type: z.literal("hold-for-http"), turn }),
  /** Waits in the queue engine with music on hold in a holding bridge. */
  z.object({ type: z.literal("enqueue"), command: enqueueCommandSchema }),
  z.object({ type: z.literal("hangup") }),
]);

export const ariPlanSchema = z.object({
  /** The same for every answer of one turn: a driver already carrying it out does not start it again. */
  id: z.string(),
  turn,
  steps: z.array(ariStepSchema),
});

export type AriStep = z.infer<typeof ariStepSchema>;
export type AriStepOf<T extends AriStep["type"]> = Extract<AriStep, { type: T }>;
export type AriPlan = z.infer<typeof ariPlanSchema>;

/** What an event of an ended or unknown call gets. */
export const ENDED_PLAN: AriPlan = { id: "ended", turn: 0, steps: [{ type: "hangup" }] };

export const serialisePlan = (plan: AriPlan): string => JSON.stringify(plan);

/**
 * Plans read lately, by their text: calls at the same place of a flow carry the same plan, and each key press
 * reads the plan it answers, so a plan is checked once and not on every event. Frozen: calls share them.
 */
const parsed = new LRUCache<string, AriPlan>({ max: 1000 });

function frozen<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

/** A stored plan; a plan that no longer parses (an older runtime's) ends the call rather than guessing. */
export function parsePlan(text: string): AriPlan {
  const known = parsed.get(text);
  if (known) return known;
  try {
    const plan = frozen(ariPlanSchema.parse(JSON.parse(text)));
    parsed.set(text, plan);
    return plan;
  } catch {
    return ENDED_PLAN;
  }
}
