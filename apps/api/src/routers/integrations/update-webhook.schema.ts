import { z } from "zod";
import { idSchema } from "../common.schema.ts";
import { webhookEventsSchema, webhookUrlSchema } from "./create-webhook.schema.ts";

export const updateWebhookSchema = z.object({
  endpointId: idSchema,
  url: webhookUrlSchema.optional(),
  events: webhookEventsSchema.optional(),
  description: z.string().trim().max(200).optional(),
  enabled: z.boolean().optional(),
});
