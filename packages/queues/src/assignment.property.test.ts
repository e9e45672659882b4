import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { QueueEvent } from "@ringflow/flow-schema";
import { routingStrategySchema } from "./queue-config.ts";
import type { QueueResult } from "./queue-result.ts";
import { availableAgents, twilioCaller, engineProcesses, manualClock, newTenant } from "./test-fixtures.ts";

const PROCESSES = 4;
const time = manualClock();
const { engines, close } = engineProcesses(PROCESSES, time.clock);
afterAll(close);

/**
 * Replays a tenant's event stream (one total order, written inside the scripts) and fails on the first
 * double assignment: an agent offered while it is rung for or talking to another caller, a caller offered
 * while another offer of it is out or after it was connected, a caller answered twice or by an agent it was
 * not offered to.
 */
function checkNoDoubleAssignment(events: QueueEvent[]) {
  const agentOffer = new Map<string, string>();
  const agentCall = new Map<string, string>();
  const offerAgents = new Map<string, Set<string>>();
  const callerOffer = new Map<string, string>();
  const connected = new Map<string, string>();
  let answered = 0;
  const release = (agentId: string) => {
    const offerId = agentOffer.get(agentId);
    agentOffer.delete(agentId);
    const agents = offerId ? offerAgents.get(offerId) : undefined;
    agents?.delete(agentId);
    if (offerId && agents?.size === 0) {
      offerAgents.delete(offerId);
      for (const [callId, id] of callerOffer) if (id === offerId) callerOffer.delete(callId);
    }
  };
  for (const event of events) {
    switch (event.type) {
      case "queue.offered":
        expect(callerOffer.has(event.callId), `${event.callId} offered twice at once`).toBe(false);
        expect(connected.has(event.callId), `${event.callId} offered after it was connected`).toBe(false);
        for (const agentId of event.agentIds) {
          expect(agentOffer.has(agentId) || agentCall.has(agentId), `${agentId} offered while engaged`).toBe(
            false,
          );
          agentOffer.set(agentId, event.offerId);
        }
        offerAgents.set(event.offerId, new Set(event.agentIds));
        callerOffer.set(event.callId, event.offerId);
        break;
      case "queue.answered": {
        const offerId = callerOffer.get(event.callId);
        expect(connected.has(event.callId), `${event.callId} answered twice`).toBe(false);
        expect(
          offerId && agentOffer.get(event.agentId) === offerId,
          `${event.agentId} was not offered it`,
        ).toBe(true);
        connected.set(event.callId, event.agentId);
        answered++;
        agentCall.set(event.agentId, event.callId);
        agentOffer.delete(event.agentId);
        offerAgents.delete(offerId!);
        callerOffer.delete(event.callId);
        break;
      }
      case "agent.state-changed":
        if (event.state === "ringing" || event.state === "on-call") break;
        release(event.agentId);
        // The call ended: the same call id may enter again, as a new entry.
        connected.delete(agentCall.get(event.agentId) ?? "");
        agentCall.delete(event.agentId);
        break;
      case "queue.entered":
      case "queue.no-answer":
      case "queue.abandoned":
      case "queue.overflowed":
      case "queue.callback-requested":
        break;
    }
  }
  return answered;
}

const action = fc.oneof(
  fc.record({ kind: fc.constant("enqueue" as const), caller: fc.nat(11), priority: fc.nat(3) }),
  fc.record({
    kind: fc.constantFrom("accept" as const, "decline" as const, "available" as const),
    agent: fc.nat(5),
  }),
  fc.record({ kind: fc.constantFrom("abandon" as const, "complete" as const), caller: fc.nat(11) }),
  fc.record({ kind: fc.constant("tick" as const), ms: fc.integer({ min: 0, max: 15_000 }) }),
);

describe("assignment across processes", () => {
  it("never offers one agent two callers nor connects one caller to two agents (property, 4 processes)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routingStrategySchema.options),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.array(action, { maxLength: 25 }), { minLength: PROCESSES, maxLength: PROCESSES }),
        async (strategy, agentCount, scripts) => {
          const tenant = newTenant();
          const agents = Array.from({ length: agentCount }, (_, i) => `a${i}`);
          await engines[0]!.configureQueue(tenant, {
            queueId: "q",
            strategy,
            ringTimeoutSeconds: 10,
            wrapUpSeconds: 5,
            awayOnNoAnswer: false,
          });
          await availableAgents(engines[0]!, tenant, "q", agents);
          // What the processes learn from results: the offer each agent is being rung for.
          const ringing = new Map<string, string>();
          const connectedResults: QueueResult[] = [];
          const learn = (result: QueueResult) => {
            for (const offer of result.offers)
              for (const agent of offer.agents) ringing.set(agent.agentId, offer.offerId);
          };
          await Promise.all(
            scripts.map(async (steps, p) => {
              const engine = engines[p]!;
              for (const step of steps) {
                switch (step.kind) {
                  case "enqueue":
                    learn(
                      await engine.enqueue(tenant, {
                        queueId: "q",
                        callId: `c${step.caller}`,
                        priority: step.priority,
                        reaches: ["twilio-client"],
                      }),
                    );
                    break;
                  case "accept":
                  case "decline": {
                    const agentId = agents[step.agent % agentCount]!;
                    const offerId = ringing.get(agentId);
                    if (!offerId) break;
                    const result = await engine[step.kind](tenant, offerId, agentId);
                    learn(result);
                    if (step.kind === "accept" && result.status === "connected")
                      connectedResults.push(result);
                    break;
                  }
                  case "available":
                    learn(
                      await engine.setAgentState(tenant, agents[step.agent % agentCount]!, {
                        state: "available",
                      }),
                    );
                    break;
                  case "abandon":
                  case "complete":
                    learn(await engine[step.kind](tenant, `c${step.caller}`));
                    break;
                  case "tick":
                    time.advance(step.ms);
                    learn(await engine.tick(tenant));
                    break;
                }
              }
            }),
          );
          const answered = checkNoDoubleAssignment(
            (await engines[0]!.events(tenant)).map((entry) => entry.event),
          );
          expect(answered).toBe(connectedResults.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("hands 40 agents to 40 of 100 callers enqueued at once from 4 processes, each exactly once", async () => {
    const tenant = newTenant();
    await engines[0]!.configureQueue(tenant, { queueId: "q" });
    await availableAgents(
      engines[0]!,
      tenant,
      "q",
      Array.from({ length: 40 }, (_, i) => `a${i}`),
    );
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => engines[i % PROCESSES]!.enqueue(tenant, twilioCaller(`c${i}`))),
    );
    const offers = results.flatMap((result) => result.offers);
    expect(offers).toHaveLength(40);
    expect(new Set(offers.map((offer) => offer.callId)).size).toBe(40);
    expect(new Set(offers.flatMap((offer) => offer.agents.map((agent) => agent.agentId))).size).toBe(40);
    // Every agent accepts at once, from every process: each offer connects once.
    const accepts = await Promise.all(
      offers.flatMap((offer) =>
        engines.map((engine) => engine.accept(tenant, offer.offerId, offer.agents[0]!.agentId)),
      ),
    );
    expect(accepts.filter((result) => result.status === "connected")).toHaveLength(40);
  });
});
