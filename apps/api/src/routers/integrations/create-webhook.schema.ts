import { z } from "zod";
import { webhookEventTypeSchema } from "@ringflow/flow-schema";

export const webhookUrlSchema = z
  .url({ protocol: /^https?$/, error: "Enter the full address, starting with https://" })
  .max(2000);
export const webhookEventsSchema = z
  .array(webhookEventTypeSchema)
  .min(1, "Choose at least one event to send")
  .max(webhookEventTypeSchema.options.length);

export const createWebhookSchema = z.object({
  url: webhookUrlSchema,
  events: webhookEventsSchema,
  description: z.string().trim().max(200).optional(),
});
