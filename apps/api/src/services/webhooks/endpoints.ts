import { randomUUID } from "node:crypto";
import { keyring, open, seal, type Db } from "@ringflow/db";
import type { WebhookEventType } from "@ringflow/flow-schema";
import { OutboundGuard, OutboundRefusedError } from "@ringflow/platform";
import type { ApiConfig } from "../../config.ts";
import { apiError, notFound } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import { generateWebhookSecret } from "./signing.ts";

/** The secret is bound to its tenant and endpoint: a copied ciphertext opens nowhere else. */
const secretContext = (tenantId: string, endpointId: string) => `${tenantId}:webhook:${endpointId}`;

export function openWebhookSecret(row: {
  id: string;
  tenantId: string;
  secret: string;
  secretKeyId: string;
}) {
  return open(keyring(), { keyId: row.secretKeyId, value: row.secret }, secretContext(row.tenantId, row.id));
}

/** The same secret sealed with the active key (`ringflow secrets rotate`). */
export function resealWebhookSecret(row: {
  id: string;
  tenantId: string;
  secret: string;
  secretKeyId: string;
}) {
  const sealed = seal(keyring(), openWebhookSecret(row), secretContext(row.tenantId, row.id));
  return { secret: sealed.value, secretKeyId: sealed.keyId };
}

/** Webhooks go to public addresses only, unless the deployment allows a private network (WEBHOOK_ALLOW_NETWORKS). */
export const webhookGuard = (config: Pick<ApiConfig, "webhookAllowNetworks">) =>
  new OutboundGuard({ allow: config.webhookAllowNetworks ?? [] });

async function checkUrl(config: ApiConfig, url: string) {
  try {
    await webhookGuard(config).check(new URL(url));
  } catch (error) {
    if (error instanceof OutboundRefusedError)
      throw apiError("BAD_REQUEST", `Webhooks cannot be sent to ${url}: ${error.message}.`);
    throw error;
  }
}

const listed = {
  id: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
} as const;

type EndpointInput = { url: string; events: WebhookEventType[]; description?: string | undefined };

/** A new endpoint; its signing secret is in the answer once. */
export async function createWebhook(
  db: Db,
  config: ApiConfig,
  tenantId: string,
  actor: Actor,
  input: EndpointInput,
) {
  await checkUrl(config, input.url);
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const sealed = seal(keyring(), secret, secretContext(tenantId, id));
  const row = await db.webhookEndpoint.create({
    data: {
      id,
      tenantId,
      url: input.url,
      description: input.description ?? "",
      events: [...new Set(input.events)],
      secret: sealed.value,
      secretKeyId: sealed.keyId,
    },
    select: listed,
  });
  await recordAudit(db, tenantId, actor, {
    action: "webhook.create",
    targetType: "webhookEndpoint",
    targetId: id,
    data: { url: row.url, events: row.events },
  });
  return { ...row, secret };
}

export function listWebhooks(db: Db, tenantId: string) {
  return db.webhookEndpoint.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" }, select: listed });
}

export async function updateWebhook(
  db: Db,
  config: ApiConfig,
  tenantId: string,
  actor: Actor,
  input: { endpointId: string } & Partial<EndpointInput> & { enabled?: boolean | undefined },
) {
  const found = await db.webhookEndpoint.findFirst({
    where: { id: input.endpointId, tenantId },
    select: { id: true },
  });
  if (!found) throw notFound("Webhook");
  if (input.url !== undefined) await checkUrl(config, input.url);
  const row = await db.webhookEndpoint.update({
    where: { id: input.endpointId, tenantId },
    data: {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    },
    select: listed,
  });
  await recordAudit(db, tenantId, actor, {
    action: "webhook.update",
    targetType: "webhookEndpoint",
    targetId: row.id,
    data: { url: row.url, events: row.events, enabled: row.enabled },
  });
  return row;
}

export async function deleteWebhook(db: Db, tenantId: string, actor: Actor, endpointId: string) {
  const { count } = await db.webhookEndpoint.deleteMany({ where: { id: endpointId, tenantId } });
  if (!count) throw notFound("Webhook");
  await recordAudit(db, tenantId, actor, {
    action: "webhook.delete",
    targetType: "webhookEndpoint",
    targetId: endpointId,
  });
  return { deleted: true };
}

/** The endpoint's latest deliveries, newest first: what was sent, how often, and the last answer. */
export async function listWebhookDeliveries(db: Db, tenantId: string, endpointId: string, limit = 50) {
  const found = await db.webhookEndpoint.findFirst({
    where: { id: endpointId, tenantId },
    select: { id: true },
  });
  if (!found) throw notFound("Webhook");
  return db.webhookDelivery.findMany({
    where: { tenantId, endpointId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      event: true,
      eventId: true,
      status: true,
      attempts: true,
      lastStatusCode: true,
      lastError: true,
      createdAt: true,
      deliveredAt: true,
    },
  });
}
