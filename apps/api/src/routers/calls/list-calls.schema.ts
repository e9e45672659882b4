import { z } from "zod";
import { idSchema, pageLimitSchema } from "../common.schema.ts";
import { CallStatus } from "@ringflow/db";

export const listCallsSchema = z
  .object({
    flowId: idSchema.optional(),
    since: z.coerce.date().optional(),
    until: z.coerce.date().optional(),
    outcome: z.string().max(100).optional(),
    status: z.enum(CallStatus).optional(),
    cursor: idSchema.optional(),
    limit: pageLimitSchema,
  })
  .default({ limit: 50 });

export type ListCallsInput = z.infer<typeof listCallsSchema>;
