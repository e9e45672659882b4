import { z } from "zod";
import { e164Schema, idSchema, textSchema } from "../common.schema.ts";

/**
 * A phone number with its country code, or an Asterisk extension as its dialplan has it (digits, like 1000);
 * which provider accepts which is checked when the number is added.
 */
export const numberOrExtensionSchema = z
  .string()
  .trim()
  .refine((number) => /^\d{1,20}$/.test(number) || e164Schema.safeParse(number).success, {
    error:
      "Write the phone number with a + and its country code, like +14155550100, or an Asterisk extension in digits, like 1000.",
  });

export const addNumberSchema = z.object({
  e164: numberOrExtensionSchema,
  friendlyName: textSchema.trim().max(200).optional(),
  providerAccountId: idSchema.optional(),
});

export type AddNumberInput = z.infer<typeof addNumberSchema>;
