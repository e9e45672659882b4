import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { queueEventSchema, realtimeChannel } from "@ringflow/flow-schema";
import { createRedis } from "@ringflow/platform";
import { OfferFeed } from "./offer-feed.ts";
import { QueueEngine } from "./queue-engine.ts";
import { availableAgents, manualClock, newTenant, twilioCaller } from "./test-fixtures.ts";

// A prefix of its own: the feed reads every tenant's offers under its prefix.
const keyPrefix = `${process.env.REDIS_KEY_PREFIX ?? ""}${randomUUID()}:`;
const clients = Array.from({ length: 4 }, () => createRedis(undefined, { keyPrefix }));
const [engineRedis, feedA, feedB, subscriber] = clients as [
  ReturnType<typeof createRedis>,
  ReturnType<typeof createRedis>,
  ReturnType<typeof createRedis>,
  ReturnType<typeof createRedis>,
];
const { clock } = manualClock();
const engine = new QueueEngine(engineRedis, clock);

afterAll(() => Promise.all(clients.map((client) => client.quit())));

describe("offer feed", () => {
  it("hands every offer, whichever process made it, to one ringer; a dead ringer's are taken over", async () => {
    const tenantId = newTenant();
    await engine.configureQueue(tenantId, { queueId: "q" });
    await availableAgents(engine, tenantId, "q", ["a1", "a2", "a3"]);
    const made = [];
    for (const callId of ["c1", "c2", "c3"])
      made.push(...(await engine.enqueue(tenantId, twilioCaller(callId))).offers);
    expect(made).toHaveLength(3);

    const a = new OfferFeed(feedA, "ringer-a", 200);
    const b = new OfferFeed(feedB, "ringer-b", 200);
    const first = await a.next(100, 2);
    const second = await b.next(100, 10);
    expect([...first, ...second].map((f) => f.offer.offerId).sort()).toEqual(
      made.map((o) => o.offerId).sort(),
    );
    expect(first.every((f) => f.tenantId === tenantId)).toBe(true);
    expect(first[0]?.offer.agents[0]).toMatchObject({ kind: "twilio-client" });
    await b.ack(second.map((f) => f.entryId));
    // Ringer a dies without acknowledging: after the idle time b takes its offers over.
    expect(await b.next(50)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const taken = await b.next(50);
    expect(taken.map((f) => f.offer.offerId).sort()).toEqual(first.map((f) => f.offer.offerId).sort());
    await b.ack(taken.map((f) => f.entryId));
    expect(await a.next(50)).toEqual([]);
  });

  it("publishes every queue event on the tenant's real-time channel as the script records it", async () => {
    const tenantId = newTenant();
    const received: unknown[] = [];
    subscriber.on("message", (_channel, message) => received.push(JSON.parse(message)));
    await subscriber.subscribe(`${keyPrefix}${realtimeChannel(tenantId)}`);
    await engine.configureQueue(tenantId, { queueId: "q" });
    await availableAgents(engine, tenantId, "q", ["a1"]);
    await engine.enqueue(tenantId, twilioCaller("c1"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const types = received.map((event) => queueEventSchema.parse(event).type);
    expect(types).toEqual((await engine.events(tenantId)).map(({ event }) => event.type));
    expect(types).toContain("queue.offered");
  });

  it("overflows a caller at its own maximum wait when the queue allows longer", async () => {
    const tenantId = newTenant();
    const local = manualClock();
    const timed = new QueueEngine(engineRedis, local.clock);
    await timed.configureQueue(tenantId, { queueId: "q", maxWaitSeconds: 600 });
    await timed.enqueue(tenantId, twilioCaller("c1", { maxWaitSeconds: 30 }));
    local.advance(31_000);
    const ticked = await timed.tick(tenantId);
    expect(ticked.overflowed).toEqual(["c1"]);
  });
});
