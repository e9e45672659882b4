import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job } from "bullmq";
import * as z from "zod";
import { toJson, type Db } from "@ringflow/db";
import {
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOKS_QUEUE,
  webhookEventSchema,
  webhookJobSchema,
  type WebhookEvent,
  type WebhookJob,
} from "@ringflow/flow-schema";
import { OutboundRefusedError, type Logger, type Redis } from "@ringflow/platform";
import type { ApiConfig } from "../../config.ts";
import { openWebhookSecret, webhookGuard } from "./endpoints.ts";
import { sweepRecordings } from "./recording-events.ts";
import { signWebhook } from "./signing.ts";
import { bullConnection, bullPrefix, type BullConfig, type WebhookQueue } from "./webhook-queue.ts";

export interface WebhookWorkerDeps {
  db: Db;
  /** Keeps the recordings sweep's cursor. */
  redis: Redis;
  config: Pick<ApiConfig, "webhookAllowNetworks">;
  queue: WebhookQueue;
  now?: () => Date;
  /** How long a call an agent took waits for the agent's wrap-up (its disposition) before it is sent without. */
  wrapUpWaitMs?: number;
  /** How often it looks again meanwhile. */
  wrapUpPollMs?: number;
  deliveryTimeoutMs?: number;
}

const MAX_RESPONSE_BYTES = 16 * 1024;

/**
 * A call an agent took ends for its webhook when the wrap-up is finished (so the disposition is in it), or when
 * the wait for it runs out. Null: send now; a number: look again then.
 */
async function withDisposition(deps: WebhookWorkerDeps, event: WebhookEvent): Promise<WebhookEvent | number> {
  if (event.type !== "call.ended" || !event.data.agentId || event.data.disposition !== null) return event;
  const now = (deps.now?.() ?? new Date()).getTime();
  const id = z.uuid().safeParse(event.data.callId);
  const row = id.success
    ? await deps.db.call.findFirst({
        where: { id: id.data, tenantId: event.tenantId },
        select: { disposition: true, wrappedUpAt: true },
      })
    : null;
  const waited = now - new Date(event.occurredAt).getTime();
  if (!row?.wrappedUpAt && waited < (deps.wrapUpWaitMs ?? 15 * 60_000))
    return now + (deps.wrapUpPollMs ?? 15_000);
  return { ...event, data: { ...event.data, disposition: row?.disposition ?? null } };
}

/** One delivery per enabled endpoint subscribed to the event (a repeat of the same event adds none). */
async function fanOut(deps: WebhookWorkerDeps, event: WebhookEvent) {
  const { db } = deps;
  const endpoints = await db.webhookEndpoint.findMany({
    where: { tenantId: event.tenantId, enabled: true, events: { has: event.type } },
    select: { id: true },
  });
  if (!endpoints.length) return 0;
  await db.webhookDelivery.createMany({
    data: endpoints.map((endpoint) => ({
      tenantId: event.tenantId,
      endpointId: endpoint.id,
      event: event.type,
      eventId: event.id,
      payload: toJson(event),
    })),
    skipDuplicates: true,
  });
  const pending = await db.webhookDelivery.findMany({
    where: {
      tenantId: event.tenantId,
      eventId: event.id,
      status: "PENDING",
      endpointId: { in: endpoints.map((e) => e.id) },
    },
    select: { id: true },
  });
  for (const delivery of pending)
    await deps.queue.add({ kind: "deliver", tenantId: event.tenantId, deliveryId: delivery.id });
  return pending.length;
}

/** POSTs one delivery, signed; a refusal by the address guard is final, anything but 2xx is retried. */
async function deliver(
  deps: WebhookWorkerDeps,
  job: Extract<WebhookJob, { kind: "deliver" }>,
  final: boolean,
) {
  const { db } = deps;
  const where = { id: job.deliveryId, tenantId: job.tenantId };
  const delivery = await db.webhookDelivery.findFirst({ where, include: { endpoint: true } });
  if (!delivery || delivery.status !== "PENDING") return;
  const failed = (data: { lastError: string; lastStatusCode?: number }, last: boolean) =>
    db.webhookDelivery.updateMany({
      where,
      data: { ...data, attempts: { increment: 1 }, ...(last ? { status: "FAILED" as const } : {}) },
    });
  if (!delivery.endpoint.enabled) {
    await failed({ lastError: "the webhook was turned off" }, true);
    return;
  }
  const body = JSON.stringify(webhookEventSchema.parse(delivery.payload));
  const now = deps.now?.() ?? new Date();
  let status: number;
  try {
    const response = await webhookGuard(deps.config).request(delivery.endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Ringflow-Webhooks/1",
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(openWebhookSecret(delivery.endpoint), body, now),
        "ringflow-event": delivery.event,
        "ringflow-delivery": delivery.id,
      },
      body,
      signal: AbortSignal.timeout(deps.deliveryTimeoutMs ?? 10_000),
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
    status = response.status;
  } catch (error) {
    const refused = error instanceof OutboundRefusedError;
    await failed(
      { lastError: refused ? error.message : `not reached: ${(error as Error).message}` },
      refused || final,
    );
    if (refused) throw new UnrecoverableError(error.message);
    throw error;
  }
  if (status >= 200 && status < 300) {
    await db.webhookDelivery.updateMany({
      where,
      data: {
        status: "DELIVERED",
        deliveredAt: now,
        lastStatusCode: status,
        lastError: null,
        attempts: { increment: 1 },
      },
    });
    return;
  }
  await failed({ lastError: `answered ${status}`, lastStatusCode: status }, final);
  throw new Error(`the webhook's URL answered ${status}`);
}

export async function runWebhookJob(deps: WebhookWorkerDeps, job: Job<WebhookJob>, token?: string) {
  const data = webhookJobSchema.parse(job.data);
  if (data.kind === "deliver") return deliver(deps, data, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
  if (data.kind === "sweep-recordings")
    return sweepRecordings(
      { db: deps.db, redis: deps.redis, emit: (event) => deps.queue.emit(event) },
      deps.now?.(),
    );
  const ready = await withDisposition(deps, data.event);
  if (typeof ready === "number") {
    await job.moveToDelayed(ready, token);
    throw new DelayedError();
  }
  return fanOut(deps, ready);
}

/** The `webhooks` queue's worker (in API processes): emits become deliveries, deliveries are POSTed. */
export function startWebhookWorker(
  deps: WebhookWorkerDeps,
  config: BullConfig & { concurrency?: number },
  logger?: Logger,
) {
  const connection = bullConnection(config);
  const worker = new Worker<WebhookJob>(WEBHOOKS_QUEUE, (job, token) => runWebhookJob(deps, job, token), {
    connection: connection as unknown as ConnectionOptions,
    prefix: bullPrefix(config),
    concurrency: config.concurrency ?? 4,
  });
  worker.on("failed", (job, error) =>
    logger?.warn({ err: error, job: job?.name, id: job?.id }, "webhook job failed"),
  );
  return {
    worker,
    async close() {
      await worker.close();
      await connection.quit().catch(() => {});
    },
  };
}
