import { z } from "zod";
import { e164Schema, idSchema, textSchema } from "../common.schema.ts";

export const addNumberSchema = z.object({
  e164: e164Schema,
  friendlyName: textSchema.trim().max(200).optional(),
  providerAccountId: idSchema.optional(),
});

export type AddNumberInput = z.infer<typeof addNumberSchema>;
