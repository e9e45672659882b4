import { z } from "zod";
import { pageLimitSchema } from "../common.schema.ts";

export const listAuditSchema = z
  .object({
    limit: pageLimitSchema,
    /** The id of the last entry of the previous page. */
    before: z
      .string()
      .regex(/^\d{1,19}$/)
      .optional(),
    action: z.string().max(100).optional(),
    targetId: z.string().max(100).optional(),
  })
  .default({ limit: 50 });

export type ListAuditInput = z.infer<typeof listAuditSchema>;
