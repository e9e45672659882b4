import { z } from "zod";
import { boundedText, dateSchema, idSchema, pageLimitSchema } from "../common.schema.ts";
import { CallStatus } from "@ringflow/db";

export const listCallsSchema = z
  .object({
    flowId: idSchema.optional(),
    since: dateSchema.optional(),
    until: dateSchema.optional(),
    outcome: boundedText(100).optional(),
    status: z.enum(CallStatus).optional(),
    cursor: idSchema.optional(),
    limit: pageLimitSchema,
  })
  .default({ limit: 50 });

export type ListCallsInput = z.infer<typeof listCallsSchema>;
