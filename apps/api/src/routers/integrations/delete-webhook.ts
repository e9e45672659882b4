import { deleteWebhook } from "../../services/webhooks/endpoints.ts";
import { can } from "../../trpc.ts";
import { webhookIdSchema } from "./webhook-id.schema.ts";

export const deleteWebhookProcedure = can("integrations.manage")
  .input(webhookIdSchema)
  .mutation(({ ctx, input }) => deleteWebhook(ctx.db, ctx.tenantId, ctx.actor, input.endpointId));
