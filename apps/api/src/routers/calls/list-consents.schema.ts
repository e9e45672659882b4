import { z } from "zod";
import { dateSchema, idSchema, pageLimitSchema } from "../common.schema.ts";

export const listConsentsSchema = z
  .object({
    /** One call's consent records. */
    callId: idSchema.optional(),
    /** When the caller answered (ConsentRecord.at): since inclusive, until exclusive. */
    since: dateSchema.optional(),
    until: dateSchema.optional(),
    granted: z.boolean().optional(),
    cursor: idSchema.optional(),
    limit: pageLimitSchema,
  })
  .default({ limit: 50 });

export type ListConsentsInput = z.infer<typeof listConsentsSchema>;
