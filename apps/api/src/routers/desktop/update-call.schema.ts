import { z } from "zod";
import { boundedText, idSchema, textSchema } from "../common.schema.ts";

/** A record in another system the call belongs to (a CRM contact, a ticket), with a link to it. */
export const externalRefSchema = z.object({
  system: textSchema.trim().min(1, { error: "Name the system, e.g. Salesforce." }).max(40),
  id: textSchema.trim().min(1, { error: "Give the record's id." }).max(200),
  url: z
    .url({ protocol: /^https?$/, error: "Give the link as an http(s):// address." })
    .max(2000)
    .optional(),
});

export const updateCallSchema = z.object({
  callId: idSchema,
  disposition: z
    .string()
    .regex(/^[A-Za-z_][\w-]{0,59}$/, { error: "An outcome's code is one word of letters, digits, - and _." })
    .nullable()
    .optional(),
  notes: boundedText(5000).optional(),
  /** Checked against the call's wrap-up questions. */
  wrapUpAnswers: z
    .record(z.string().max(60), z.union([z.string().max(2000), z.number(), z.boolean()]))
    .optional(),
  externalRefs: z.array(externalRefSchema).max(20).optional(),
  /** The wrap-up is done: every required question must be answered. */
  finish: z.boolean().default(false),
});
export type UpdateCallInput = z.infer<typeof updateCallSchema>;
