import { z } from "zod";
import { idSchema, textSchema } from "../common.schema.ts";

export const saveTestCaseSchema = z.object({
  flowId: idSchema,
  /** A real call's id (Calls page), or a test call's id as the test call started (`SIM…`). */
  callId: z.union([idSchema, z.string().regex(/^SIM[0-9a-f]{32}$/, { error: "Expected a call id." })]),
  name: textSchema.trim().min(1, { error: "A name is required." }).max(120).optional(),
});
