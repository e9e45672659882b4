import { z } from "zod";
import { idSchema, nameSchema } from "../common.schema.ts";
import { asteriskCredentialsSchema, twilioCredentialsSchema } from "./credentials.schema.ts";

export const updateProviderSchema = z.object({
  id: idSchema,
  name: nameSchema.optional(),
  /** Fields left out (or empty) keep their stored value. */
  twilio: twilioCredentialsSchema.partial().optional(),
  asterisk: asteriskCredentialsSchema.partial().optional(),
});

export type UpdateProviderInput = z.infer<typeof updateProviderSchema>;
