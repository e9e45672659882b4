import { listWebhookDeliveries, listWebhooks } from "../../services/webhooks/endpoints.ts";
import { can } from "../../trpc.ts";
import { webhookIdSchema } from "./webhook-id.schema.ts";

export const listWebhooksProcedure = can("integrations.manage").query(({ ctx }) =>
  listWebhooks(ctx.db, ctx.tenantId),
);

export const listWebhookDeliveriesProcedure = can("integrations.manage")
  .input(webhookIdSchema)
  .query(({ ctx, input }) => listWebhookDeliveries(ctx.db, ctx.tenantId, input.endpointId));
