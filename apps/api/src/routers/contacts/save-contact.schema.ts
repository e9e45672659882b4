import { z } from "zod";
import { boundedText, e164Schema, emailSchema, idSchema, nameSchema } from "../common.schema.ts";

export const saveContactSchema = z.object({
  /** Given: that contact is changed; left out: a new one. */
  contactId: idSchema.optional(),
  name: nameSchema,
  company: boundedText(200).trim().optional(),
  email: emailSchema.nullable().optional(),
  notes: boundedText(5000).optional(),
  numbers: z
    .array(z.object({ e164: e164Schema, label: boundedText(40).trim().default("") }))
    .min(1, { error: "Give the contact at least one phone number." })
    .max(10)
    .refine((list) => new Set(list.map((n) => n.e164)).size === list.length, {
      error: "A number is listed twice.",
    }),
});
export type SaveContactInput = z.infer<typeof saveContactSchema>;

export const contactIdSchema = z.object({ contactId: idSchema });
