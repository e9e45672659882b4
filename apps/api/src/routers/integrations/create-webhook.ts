import { createWebhook } from "../../services/webhooks/endpoints.ts";
import { can } from "../../trpc.ts";
import { createWebhookSchema } from "./create-webhook.schema.ts";

export const createWebhookProcedure = can("integrations.manage")
  .input(createWebhookSchema)
  .mutation(({ ctx, input }) => createWebhook(ctx.db, ctx.config, ctx.tenantId, ctx.actor, input));
