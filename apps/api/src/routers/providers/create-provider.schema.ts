import { z } from "zod";
import { nameSchema } from "../common.schema.ts";
import {
  asteriskCredentialsSchema,
  signalWireCredentialsSchema,
  telnyxCredentialsSchema,
  twilioCredentialsSchema,
} from "./credentials.schema.ts";

export const createProviderSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("TWILIO"), name: nameSchema, twilio: twilioCredentialsSchema }),
  z.object({ kind: z.literal("ASTERISK"), name: nameSchema, asterisk: asteriskCredentialsSchema }),
  z.object({ kind: z.literal("SIGNALWIRE"), name: nameSchema, signalwire: signalWireCredentialsSchema }),
  z.object({ kind: z.literal("TELNYX"), name: nameSchema, telnyx: telnyxCredentialsSchema }),
]);

export type CreateProviderInput = z.infer<typeof createProviderSchema>;
