import { updateWebhook } from "../../services/webhooks/endpoints.ts";
import { can } from "../../trpc.ts";
import { updateWebhookSchema } from "./update-webhook.schema.ts";

export const updateWebhookProcedure = can("integrations.manage")
  .input(updateWebhookSchema)
  .mutation(({ ctx, input }) => updateWebhook(ctx.db, ctx.config, ctx.tenantId, ctx.actor, input));
