import { z } from "zod";
import { documentPayloadSchema, nameSchema } from "../common.schema.ts";

export const importFlowSchema = z.object({
  /** The file's JSON, as text or parsed. */
  content: documentPayloadSchema,
  /** Detected from the content when left out. */
  format: z.enum(["ringflow", "twilio-studio"]).optional(),
  name: nameSchema.optional(),
});

export type ImportFlowInput = z.infer<typeof importFlowSchema>;
