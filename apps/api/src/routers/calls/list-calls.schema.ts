import { z } from "zod";
import { CallStatus } from "@ringflow/db";
import { boundedText, dateSchema, idSchema, pageLimitSchema } from "../common.schema.ts";

/** A number as calls store it: E.164 for phone calls, the simulator's own labels for test calls. */
const callNumberSchema = boundedText(64).trim().min(1);

export const listCallsSchema = z
  .object({
    flowId: idSchema.optional(),
    /** Twilio's CallSid (or Asterisk's channel id): one call, as the provider names it. */
    callSid: boundedText(64).trim().min(1).optional(),
    /** Calls from or to this number, as typed: its digits anywhere in either end's number. */
    number: callNumberSchema.optional(),
    since: dateSchema.optional(),
    until: dateSchema.optional(),
    outcome: boundedText(100).optional(),
    status: z.enum(CallStatus).optional(),
    /** true: only the builder's test calls; false: only real ones; left out: both. */
    test: z.boolean().optional(),
    /** Words callers said: full-text search over the calls' (redacted) transcripts, web-search syntax. */
    search: boundedText(200).trim().min(1).optional(),
    cursor: idSchema.optional(),
    limit: pageLimitSchema,
  })
  .default({ limit: 50 });

export type ListCallsInput = z.infer<typeof listCallsSchema>;
