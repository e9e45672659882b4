import * as z from "zod";

/** The request that rang a leg into a connected call: a blind transfer, a consultation, a third party. */
export const controlLegActionSchema = z.enum(["transfer", "consult", "add-party"]);
export type ControlLegAction = z.infer<typeof controlLegActionSchema>;

/**
 * The query of a transfer's, consultation's or third party's status callback: which call, which request,
 * the participant's label, the agent who asked (`by`) and whom it rings (an agent, or a number).
 */
export const controlLegQuerySchema = z
  .object({
    call: z.string().min(1).max(128),
    action: controlLegActionSchema,
    label: z.string().regex(/^[\w-]{1,80}$/),
    by: z.string().min(1).max(128).optional(),
    agent: z.string().min(1).max(128).optional(),
    number: z.string().min(1).max(64).optional(),
  })
  .refine((query) => (query.agent === undefined) !== (query.number === undefined), {
    message: "a control leg rings either an agent or a number",
  });
export type ControlLegQuery = z.infer<typeof controlLegQuerySchema>;

/** The leg as the status callback's query names it (undefined fields left out). */
export function controlLegQuery(query: ControlLegQuery): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** A leg's CallStatus that means nobody took it (Twilio's words, SignalWire's and Telnyx's alike). */
export const NOT_ANSWERED_STATUSES: ReadonlySet<string> = new Set([
  "no-answer",
  "busy",
  "failed",
  "canceled",
]);
