import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { availableAgents, twilioCaller, engineProcesses, manualClock, newTenant } from "./test-fixtures.ts";

const time = manualClock();
// Process 0 makes the offers and "dies"; processes 1 and 2 carry on.
const { engines, close } = engineProcesses(3, time.clock);
const [dying, survivor, third] = [engines[0]!, engines[1]!, engines[2]!];
afterAll(close);

const RING_MS = 10_000;

describe("offers as leases", () => {
  it("returns the callers of offers nobody answered to their places and frees or sets away the agents (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        async (agentCount, callerCount, awayOnNoAnswer) => {
          const tenant = newTenant();
          await dying.configureQueue(tenant, {
            queueId: "q",
            ringTimeoutSeconds: RING_MS / 1000,
            awayOnNoAnswer,
          });
          const agents = Array.from({ length: agentCount }, (_, i) => `a${i}`);
          await availableAgents(dying, tenant, "q", agents);
          const offers = [];
          for (let i = 0; i < callerCount; i++) {
            time.advance(1);
            const result = await dying.enqueue(tenant, twilioCaller(`c${i}`));
            offers.push(...result.offers);
          }
          expect(offers).toHaveLength(Math.min(agentCount, callerCount));
          const firstAgent = new Map(offers.map((offer) => [offer.callId, offer.agents[0]!.agentId]));

          // Nothing happens before the lease ends.
          time.advance(RING_MS - 10);
          expect((await survivor.tick(tenant)).events).toEqual([]);
          time.advance(10);
          const tick = await survivor.tick(tenant);
          expect(tick.events.filter((event) => event.type === "queue.no-answer")).toHaveLength(offers.length);

          for (let i = 0; i < callerCount; i++) {
            const status = await third.status(tenant, `c${i}`);
            expect(status.position).toBe(i + 1);
            expect(["waiting", "offered"]).toContain(status.status);
          }
          for (const offer of offers)
            expect((await third.accept(tenant, offer.offerId, offer.agents[0]!.agentId)).status).toBe("gone");

          if (awayOnNoAnswer) {
            // Only agents who were not rung take callers now.
            const rangOut = new Set(firstAgent.values());
            const offeredNow = tick.offers.map((offer) => offer.agents[0]!.agentId);
            expect(offeredNow.filter((agentId) => rangOut.has(agentId))).toEqual([]);
            expect(offeredNow).toHaveLength(Math.min(agentCount - rangOut.size, callerCount));
            const away = tick.events.filter(
              (event) => event.type === "agent.state-changed" && event.state === "away",
            );
            expect(away.map((event) => event.type === "agent.state-changed" && event.reason)).toEqual(
              offers.map(() => "no-answer"),
            );
          } else {
            // The same callers are offered again; with more agents than callers, each to one it has not rung.
            expect(tick.offers.map((offer) => offer.callId)).toEqual(offers.map((offer) => offer.callId));
            for (const offer of tick.offers)
              if (agentCount > callerCount)
                expect(offer.agents[0]!.agentId).not.toBe(firstAgent.get(offer.callId));
            for (const offer of tick.offers)
              expect((await third.accept(tenant, offer.offerId, offer.agents[0]!.agentId)).status).toBe(
                "connected",
              );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("treats an answer after the lease ended as too late, and passes the caller on at once", async () => {
    const tenant = newTenant();
    await dying.configureQueue(tenant, { queueId: "q", ringTimeoutSeconds: 5, awayOnNoAnswer: true });
    await availableAgents(dying, tenant, "q", ["slow"]);
    time.advance(1);
    await availableAgents(dying, tenant, "q", ["quick"]);
    const { offers } = await dying.enqueue(tenant, twilioCaller("c1"));
    time.advance(5_000);
    const late = await survivor.accept(tenant, offers[0]!.offerId, "slow");
    expect(late.status).toBe("expired");
    expect(late.offers.map((offer) => [offer.callId, offer.agents[0]!.agentId])).toEqual([["c1", "quick"]]);
    expect(late.events).toContainEqual(
      expect.objectContaining({
        type: "agent.state-changed",
        agentId: "slow",
        state: "away",
        reason: "no-answer",
      }),
    );
  });
});
