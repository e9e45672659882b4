import { z } from "zod";
import { idSchema, nameSchema } from "../common.schema.ts";
import {
  asteriskCredentialsSchema,
  signalWireCredentialsSchema,
  telnyxCredentialsSchema,
  twilioCredentialsSchema,
} from "./credentials.schema.ts";

export const updateProviderSchema = z.object({
  id: idSchema,
  name: nameSchema.optional(),
  /** Fields left out (or empty) keep their stored value. */
  twilio: twilioCredentialsSchema.partial().optional(),
  asterisk: asteriskCredentialsSchema.partial().optional(),
  signalwire: signalWireCredentialsSchema.partial().optional(),
  telnyx: telnyxCredentialsSchema.partial().optional(),
  /** The same workspace's account outbound calls go out through when this one refuses or is down; null: none. */
  failoverAccountId: idSchema.nullable().optional(),
});

export type UpdateProviderInput = z.infer<typeof updateProviderSchema>;
