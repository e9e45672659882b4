import { z } from "zod";
import { e164Schema, idSchema } from "../common.schema.ts";

export const startOutboundSchema = z.object({
  flowId: idSchema,
  to: e164Schema,
  from: e164Schema.optional(),
});

export type StartOutboundInput = z.infer<typeof startOutboundSchema>;
