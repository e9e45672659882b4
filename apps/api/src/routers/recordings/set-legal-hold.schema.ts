import { z } from "zod";
import { boundedText, idSchema } from "../common.schema.ts";

export const setLegalHoldSchema = z.discriminatedUnion("hold", [
  z.object({
    callId: idSchema,
    hold: z.literal(true),
    /** Why the call is kept (a case, a request), for whoever releases it later. */
    reason: boundedText(500).trim().min(1, { error: "Say why this call is kept." }),
  }),
  z.object({ callId: idSchema, hold: z.literal(false) }),
]);
export type SetLegalHoldInput = z.infer<typeof setLegalHoldSchema>;
