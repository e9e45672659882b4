import { z } from "zod";
import { boundedText, pageLimitSchema } from "../common.schema.ts";

export const listAuditSchema = z
  .object({
    limit: pageLimitSchema,
    /** The id of the last entry of the previous page. */
    before: z
      .string()
      .regex(/^\d{1,19}$/, { error: "Expected an entry id (digits)." })
      // The ids are Postgres bigints: a larger one would fail in the database, not here.
      .refine((id) => BigInt(id) <= 9_223_372_036_854_775_807n, { error: "No entry has an id this large." })
      .optional(),
    action: boundedText(100).optional(),
    targetId: boundedText(100).optional(),
  })
  .default({ limit: 50 });

export type ListAuditInput = z.infer<typeof listAuditSchema>;
