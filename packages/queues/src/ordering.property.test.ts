import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { QueueResult } from "./queue-result.ts";
import { availableAgents, twilioCaller, engineProcesses, manualClock, newTenant } from "./test-fixtures.ts";

const time = manualClock();
const { engines, close } = engineProcesses(2, time.clock);
const [engine, other] = [engines[0]!, engines[1]!];
afterAll(close);

/** The order the queue promises: by priority, but nobody is passed by more than `limit` later arrivals. */
function expectedOrder(priorities: number[], limit: number): number[] {
  const line: { id: number; priority: number; passed: number }[] = [];
  priorities.forEach((priority, id) => {
    let at = line.length;
    while (at > 0 && line[at - 1]!.priority < priority && line[at - 1]!.passed < limit) at--;
    for (const entry of line.slice(at)) entry.passed++;
    line.splice(at, 0, { id, priority, passed: 0 });
  });
  return line.map((entry) => entry.id);
}

describe("queue order", () => {
  it("serves by priority, FIFO within a priority, no caller passed by more than maxOvertakes later arrivals, callbacks in place", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ priority: fc.nat(3), callback: fc.boolean() }), { minLength: 1, maxLength: 25 }),
        fc.nat(3),
        async (callers, limit) => {
          const tenant = newTenant();
          await engine.configureQueue(tenant, { queueId: "q", maxOvertakes: limit, wrapUpSeconds: 0 });
          await engine.configureAgent(tenant, {
            agentId: "a",
            queueIds: ["q"],
            endpoints: [{ kind: "sip", address: "sip:a@pbx" }],
          });
          for (const [i, caller] of callers.entries()) {
            time.advance(1);
            const process = i % 2 ? other : engine;
            await process.enqueue(tenant, {
              queueId: "q",
              callId: `c${i}`,
              priority: caller.priority,
              reaches: ["sip"],
            });
            if (!caller.callback) continue;
            const before = await engine.status(tenant, `c${i}`);
            const after = await other.requestCallback(tenant, `c${i}`, "+14155550100");
            expect(after).toMatchObject({ status: "waiting", callback: true, position: before.position });
          }
          // One agent takes every call in turn: the order offers come in is the queue's order.
          const served: number[] = [];
          let result: QueueResult = await engine.setAgentState(tenant, "a", { state: "available" });
          while (result.offers.length > 0) {
            const offer = result.offers[0]!;
            const id = Number(offer.callId.slice(1));
            served.push(id);
            expect(offer.callbackNumber !== null).toBe(callers[id]!.callback);
            await other.accept(tenant, offer.offerId, "a");
            time.advance(1);
            result = await engine.complete(tenant, offer.callId);
          }
          expect(served).toEqual(
            expectedOrder(
              callers.map((caller) => caller.priority),
              limit,
            ),
          );
          const rank = new Map(served.map((id, at) => [id, at]));
          for (let i = 0; i < callers.length; i++) {
            let passedBy = 0;
            for (let j = 0; j < callers.length; j++) {
              if (j > i && callers[j]!.priority > callers[i]!.priority && rank.get(j)! < rank.get(i)!)
                passedBy++;
              // Nobody who came later with no higher priority is served first.
              if (j > i && callers[j]!.priority <= callers[i]!.priority)
                expect(rank.get(i)!).toBeLessThan(rank.get(j)!);
            }
            expect(passedBy).toBeLessThanOrEqual(limit);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("offers each call to the agent its strategy names: longest idle, round robin, fewest calls (property)", async () => {
    const op = fc.oneof(fc.constant("call" as const), fc.nat(4));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("longest-idle" as const, "round-robin" as const, "fewest-calls" as const),
        fc.integer({ min: 2, max: 4 }),
        fc.array(op, { maxLength: 40 }),
        async (strategy, agentCount, ops) => {
          const tenant = newTenant();
          await engine.configureQueue(tenant, { queueId: "q", strategy, wrapUpSeconds: 0 });
          const agents = Array.from({ length: agentCount }, (_, i) => `a${i}`);
          const free = new Map<string, number>();
          const turn = new Map<string, number>(agents.map((id) => [id, 0]));
          const calls = new Map<string, number>(agents.map((id) => [id, 0]));
          for (const id of agents) {
            time.advance(1);
            await availableAgents(engine, tenant, "q", [id]);
            free.set(id, time.clock());
          }
          const waiting: string[] = [];
          const active = new Map<string, string>();
          let turns = 0;
          let next = 0;
          const score = (id: string) =>
            strategy === "round-robin"
              ? turn.get(id)!
              : strategy === "fewest-calls"
                ? calls.get(id)! * 1e13 + free.get(id)!
                : free.get(id)!;
          const expectedOffers = () => {
            const offers: [string, string][] = [];
            while (waiting.length > 0 && free.size > 0) {
              const agent = [...free.keys()].sort((a, b) => score(a) - score(b) || a.localeCompare(b))[0]!;
              free.delete(agent);
              turn.set(agent, ++turns);
              offers.push([waiting.shift()!, agent]);
            }
            return offers;
          };
          for (const step of ops) {
            time.advance(1);
            let result: QueueResult;
            if (step === "call") {
              const callId = `c${next++}`;
              waiting.push(callId);
              result = await engine.enqueue(tenant, { queueId: "q", callId, reaches: ["twilio-client"] });
            } else {
              const callId = [...active.keys()][step % Math.max(1, active.size)];
              if (!callId) continue;
              const agent = active.get(callId)!;
              active.delete(callId);
              free.set(agent, time.clock());
              result = await other.complete(tenant, callId);
            }
            const offers = result.offers.map((offer) => [offer.callId, offer.agents[0]!.agentId]);
            expect(offers).toEqual(expectedOffers());
            for (const offer of result.offers) {
              const agent = offer.agents[0]!.agentId;
              expect((await other.accept(tenant, offer.offerId, agent)).status).toBe("connected");
              calls.set(agent, calls.get(agent)! + 1);
              active.set(offer.callId, agent);
            }
          }
        },
      ),
      {
        numRuns: 200,
        // Calls ending out of order: round robin, fewest calls and longest idle then name different agents.
        examples: [
          ["round-robin", 2, ["call", "call", 1, 0, "call"]],
          ["longest-idle", 2, ["call", "call", 1, 0, "call"]],
          ["fewest-calls", 2, ["call", "call", 0, "call", 0, 0, "call"]],
        ],
      },
    );
  });

  it("offers a caller's preferred agent first under skills-based routing, else the best-skilled", async () => {
    const tenant = newTenant();
    await engine.configureQueue(tenant, { queueId: "q", strategy: "skills" });
    await availableAgents(engine, tenant, "q", ["novice", "expert", "favourite"], (agentId) => ({
      skills: { billing: agentId === "expert" ? 9 : 2 },
    }));
    const skills = { billing: 1 };
    const preferred = await engine.enqueue(
      tenant,
      twilioCaller("c1", { requiredSkills: skills, preferredAgentIds: ["favourite"] }),
    );
    expect(preferred.offers[0]?.agents[0]?.agentId).toBe("favourite");
    const best = await engine.enqueue(tenant, twilioCaller("c2", { requiredSkills: skills }));
    expect(best.offers[0]?.agents[0]?.agentId).toBe("expert");
  });
});
