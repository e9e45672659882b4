import { z } from "zod";
import { boundedInt, idSchema } from "../common.schema.ts";

/** Days a recording is kept: a day to ten years. */
const retentionDays = boundedInt(1, 3650);

export const setRetentionSchema = z.object({
  days: retentionDays,
  /** With the audio, also clear what the caller entered and the call's step details. */
  purgesCallDetails: z.boolean(),
  /** Delete the phone provider's copy once Ringflow holds the audio. */
  deletesAtProvider: z.boolean(),
});
export type SetRetentionInput = z.infer<typeof setRetentionSchema>;

export const setFlowRetentionSchema = z.object({
  flowId: idSchema,
  /** null: the workspace's rule. */
  days: retentionDays.nullable(),
});
export type SetFlowRetentionInput = z.infer<typeof setFlowRetentionSchema>;
