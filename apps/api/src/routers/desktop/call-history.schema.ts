import { z } from "zod";
import { boundedText, idSchema, pageLimitSchema } from "../common.schema.ts";

export const callHistorySchema = z
  .object({
    number: boundedText(64).trim().min(1).optional(),
    includeTests: z.boolean().default(false),
    cursor: idSchema.optional(),
    limit: pageLimitSchema,
  })
  .default({ limit: 50, includeTests: false });
export type CallHistoryInput = z.infer<typeof callHistorySchema>;
