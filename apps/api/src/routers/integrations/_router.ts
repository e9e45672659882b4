import { router } from "../../trpc.ts";
import { createApiTokenProcedure } from "./create-api-token.ts";
import { createWebhookProcedure } from "./create-webhook.ts";
import { deleteWebhookProcedure } from "./delete-webhook.ts";
import { listApiTokensProcedure } from "./list-api-tokens.ts";
import { listWebhookDeliveriesProcedure, listWebhooksProcedure } from "./list-webhooks.ts";
import { revokeApiTokenProcedure } from "./revoke-api-token.ts";
import { updateWebhookProcedure } from "./update-webhook.ts";

export const integrationsRouter = router({
  createApiToken: createApiTokenProcedure,
  listApiTokens: listApiTokensProcedure,
  revokeApiToken: revokeApiTokenProcedure,
  createWebhook: createWebhookProcedure,
  listWebhooks: listWebhooksProcedure,
  updateWebhook: updateWebhookProcedure,
  deleteWebhook: deleteWebhookProcedure,
  webhookDeliveries: listWebhookDeliveriesProcedure,
});
