import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  WEBHOOK_SIGNATURE_HEADER,
  webhookEventSchema,
  type SourceEvent,
  type WebhookEvent,
} from "@ringflow/flow-schema";
import { publishSource } from "../../realtime/testing/desktop-client.ts";
import { buildApiServer } from "../../server.ts";
import { createHarness, outcome } from "../../testing/harness.ts";
import { verifyWebhook } from "./signing.ts";
import { WebhookQueue } from "./webhook-queue.ts";
import { startWebhookWorker } from "./webhook-worker.ts";

/** A tenant's receiver on loopback: records what arrives, answers with the statuses it is told. */
function receiver() {
  const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body });
      response.writeHead(statuses.shift() ?? 200).end("ok");
    });
  });
  return {
    received,
    statuses,
    server,
    async start() {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const address = server.address();
      return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    },
  };
}

// Loopback is reachable only because this test allows it, as WEBHOOK_ALLOW_NETWORKS would; production has none.
// Its own Redis prefix: API servers of other tests on the run's prefix hear the call events too, and the one
// that applies them first (once in all processes) would send the webhooks with its own configuration.
const h = createHarness({ webhookAllowNetworks: ["127.0.0.1"] }, { ownRedisPrefix: true });
const production = createHarness();
const bull = {
  redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  keyPrefix: `${process.env.REDIS_KEY_PREFIX ?? ""}wh${randomUUID().slice(0, 6)}:`,
};
const queue = new WebhookQueue(bull, 50);
const worker = startWebhookWorker(
  {
    db: h.db,
    redis: h.redis,
    config: h.config,
    queue,
    wrapUpPollMs: 100,
    // Counted from the event's wall-clock time, so it must outlast a loaded machine and a stepped clock; no test
    // here waits for it to run out.
    wrapUpWaitMs: 60_000,
    deliveryTimeoutMs: 3000,
  },
  bull,
);
const tenantSite = receiver();
let site = "";
let app: Awaited<ReturnType<typeof buildApiServer>>;

beforeAll(async () => {
  site = await tenantSite.start();
  app = await buildApiServer({ db: h.db, redis: h.redis, config: h.config, webhooks: queue });
  await app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await app.close();
  await worker.close();
  await queue.close();
  tenantSite.server.close();
  await h.close();
  await production.close();
});

async function until<T>(what: () => T | undefined | Promise<T | undefined>, ms = 15_000): Promise<T> {
  // The monotonic clock: the machine's wall clock may be stepped while a test waits.
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (performance.now() > deadline) throw new Error("not in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The events that reached the receiver at `path`, each checked against its signature with `secret`. */
function arrived(path: string, secret: string) {
  return tenantSite.received
    .filter((r) => r.path === path)
    .map((r) => {
      expect(verifyWebhook(secret, r.headers[WEBHOOK_SIGNATURE_HEADER] as string, r.body)).toBe(true);
      expect(verifyWebhook(`${secret}x`, r.headers[WEBHOOK_SIGNATURE_HEADER] as string, r.body)).toBe(false);
      return webhookEventSchema.parse(JSON.parse(r.body));
    });
}

const source = (tenantId: string, callId: string) => ({ tenantId, callId, at: Date.now(), test: false });

describe("signed webhooks", () => {
  it("sends a call's start and end, signed, to the endpoints subscribed to them and to no other tenant's", async () => {
    const ws = await h.workspace("wh");
    const other = await h.workspace("wh-other");
    const hook = await ws.caller.integrations.createWebhook({
      url: `${site}/crm`,
      events: ["call.started", "call.ended"],
    });
    const endsOnly = await ws.caller.integrations.createWebhook({
      url: `${site}/ends`,
      events: ["call.ended"],
    });
    await other.caller.integrations.createWebhook({
      url: `${site}/other`,
      events: ["call.started", "call.ended"],
    });
    expect(hook.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await ws.caller.integrations.listWebhooks())).not.toContain(hook.secret);
    const stored = await h.db.webhookEndpoint.findFirstOrThrow({
      where: { id: hook.id, tenantId: ws.tenantId },
    });
    expect(stored.secret).not.toContain(hook.secret.slice(6));

    const callId = randomUUID();
    const events: SourceEvent[] = [
      {
        type: "call.started",
        ...source(ws.tenantId, callId),
        provider: "TWILIO",
        direction: "INBOUND",
        from: "+15550007777",
        to: "+15550008888",
        flowId: null,
      },
      { type: "call.ended", ...source(ws.tenantId, callId), reason: "hangup" },
    ];
    for (const event of events) await publishSource(h.redis, event);
    const got = await until(() => {
      const list = arrived("/crm", hook.secret);
      return list.length === 2 ? list : undefined;
    });
    // Deliveries run side by side (and retries reorder them anyway): a receiver orders them by occurredAt.
    const [started, ended] = ["call.started", "call.ended"].map((type) => got.find((e) => e.type === type));
    expect(got.map((e) => e.type).sort()).toEqual(["call.ended", "call.started"]);
    expect(Date.parse(started!.occurredAt)).toBeLessThanOrEqual(Date.parse(ended!.occurredAt));
    expect(ended).toMatchObject({
      tenantId: ws.tenantId,
      data: { callId, from: "+15550007777", reason: "hangup", disposition: null },
    });
    const ends = await until(() =>
      arrived("/ends", endsOnly.secret).length ? arrived("/ends", endsOnly.secret) : undefined,
    );
    expect(ends.map((e) => e.type)).toEqual(["call.ended"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tenantSite.received.filter((r) => r.path === "/other")).toEqual([]);
    const deliveries = await ws.caller.integrations.webhookDeliveries({ endpointId: hook.id });
    // Both events fan out side by side too: which delivery row is newer is not fixed.
    const byEvent = deliveries.toSorted((a, b) => a.event.localeCompare(b.event));
    expect(byEvent.map((d) => [d.event, d.status, d.attempts])).toEqual([
      ["call.ended", "DELIVERED", 1],
      ["call.started", "DELIVERED", 1],
    ]);
  });

  it("waits for the agent's wrap-up so a taken call ends with its disposition", async () => {
    const ws = await h.workspace("wh-agent");
    const hook = await ws.caller.integrations.createWebhook({
      url: `${site}/wrapup`,
      events: ["call.ended"],
    });
    const call = await h.db.call.create({
      data: {
        tenantId: ws.tenantId,
        provider: "TWILIO",
        providerCallId: `CA${randomUUID()}`,
        direction: "INBOUND",
        fromNumber: "+15550001000",
        toNumber: "+15550002000",
      },
    });
    const agentId = randomUUID();
    await publishSource(h.redis, {
      type: "queue.answered",
      ...source(ws.tenantId, call.id),
      queueId: randomUUID(),
      agentId,
      waitMs: 5,
    });
    await publishSource(h.redis, {
      type: "call.ended",
      ...source(ws.tenantId, call.id),
      reason: "completed",
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(arrived("/wrapup", hook.secret)).toEqual([]);
    await h.db.call.updateMany({
      where: { id: call.id, tenantId: ws.tenantId },
      data: { disposition: "sale", wrappedUpAt: new Date() },
    });
    const [ended] = await until(() =>
      arrived("/wrapup", hook.secret).length ? arrived("/wrapup", hook.secret) : undefined,
    );
    expect(ended).toMatchObject({
      type: "call.ended",
      data: { agentId, disposition: "sale", reason: "completed" },
    });
  });

  it("retries with backoff until the receiver accepts, and sends voicemail and recording facts reported by any process", async () => {
    const ws = await h.workspace("wh-retry");
    const hook = await ws.caller.integrations.createWebhook({
      url: `${site}/flaky`,
      events: ["voicemail.received", "recording.ready"],
    });
    tenantSite.statuses.push(500, 503);
    const event: WebhookEvent = {
      type: "voicemail.received",
      id: `voicemail-${randomUUID()}`,
      tenantId: ws.tenantId,
      occurredAt: new Date().toISOString(),
      data: { callId: randomUUID(), recordingId: randomUUID(), durationSeconds: 12 },
    };
    await queue.emit(event);
    await queue.emit(event); // reported twice: sent once
    const delivered = await until(async () => {
      const [d] = await ws.caller.integrations.webhookDeliveries({ endpointId: hook.id });
      return d?.status === "DELIVERED" ? d : undefined;
    });
    expect(delivered).toMatchObject({ attempts: 3, lastStatusCode: 200 });
    const bodies = tenantSite.received
      .filter((r) => r.path === "/flaky")
      .map((r) => JSON.parse(r.body) as WebhookEvent);
    expect(bodies.map((b) => b.id)).toEqual([event.id, event.id, event.id]);
    expect(
      new Set(
        tenantSite.received.filter((r) => r.path === "/flaky").map((r) => r.headers["ringflow-delivery"]),
      ).size,
    ).toBe(1);
  });

  it("reports recordings and voicemails once Ringflow holds their audio (the periodic sweep)", async () => {
    const ws = await h.workspace("wh-rec");
    const hook = await ws.caller.integrations.createWebhook({
      url: `${site}/recordings`,
      events: ["recording.ready", "voicemail.received"],
    });
    const call = await h.db.call.create({
      data: {
        tenantId: ws.tenantId,
        provider: "TWILIO",
        providerCallId: `CA${randomUUID()}`,
        direction: "INBOUND",
        fromNumber: "+15550001000",
        toNumber: "+15550002000",
      },
    });
    const copiedAt = new Date(Date.now() - 6000);
    const [recording, voicemail] = await Promise.all(
      (["call", "voicemail"] as const).map((kind) =>
        h.db.recording.create({
          data: {
            tenantId: ws.tenantId,
            callId: call.id,
            status: "AVAILABLE",
            kind,
            durationSeconds: 7,
            copiedAt,
          },
        }),
      ),
    );
    await queue.scheduleRecordingSweep(300);
    const got = await until(() => {
      const list = arrived("/recordings", hook.secret);
      return list.length >= 2 ? list : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(
      arrived("/recordings", hook.secret)
        .map((e) => [e.type, "recordingId" in e.data && e.data.recordingId])
        .sort(),
    ).toEqual(
      [
        ["recording.ready", recording?.id],
        ["voicemail.received", voicemail?.id],
      ].sort(),
    );
    expect(got.every((e) => e.tenantId === ws.tenantId)).toBe(true);
    await queue.queue.removeJobScheduler("sweep-recordings");
  });

  it("refuses private and loopback addresses under the production configuration, when saved and when sent", async () => {
    const ws = await production.workspace("wh-guard");
    for (const url of [
      `${site}/x`,
      "http://10.1.2.3/hook",
      "http://169.254.169.254/latest",
      "ftp://example.com/x",
    ])
      expect(await outcome(ws.caller.integrations.createWebhook({ url, events: ["call.ended"] }))).toBe(
        "BAD_REQUEST",
      );
    // A row that points at loopback anyway (say, allowed once, then the deployment's list changed).
    const prodQueue = new WebhookQueue({ ...bull, keyPrefix: `${bull.keyPrefix}prod:` }, 50);
    const prodWorker = startWebhookWorker(
      { db: production.db, redis: production.redis, config: production.config, queue: prodQueue },
      { ...bull, keyPrefix: `${bull.keyPrefix}prod:` },
    );
    const allowed = await h
      .caller({ sessionToken: ws.token })
      .integrations.createWebhook({ url: `${site}/guarded`, events: ["recording.ready"] });
    await prodQueue.emit({
      type: "recording.ready",
      id: `rec-${randomUUID()}`,
      tenantId: ws.tenantId,
      occurredAt: new Date().toISOString(),
      data: { callId: randomUUID(), recordingId: randomUUID(), durationSeconds: 3 },
    });
    const failed = await until(async () => {
      const [d] = await ws.caller.integrations.webhookDeliveries({ endpointId: allowed.id });
      return d?.status === "FAILED" ? d : undefined;
    });
    expect(failed.lastError).toContain("private or local");
    expect(tenantSite.received.filter((r) => r.path === "/guarded")).toEqual([]);
    await prodWorker.close();
    await prodQueue.close();
  });
});
