import { randomUUID } from "node:crypto";
import { createRedis } from "@ringflow/platform";
import { QueueEngine } from "./queue-engine.ts";
import type { AgentConfig, EndpointKind, EnqueueInput } from "./queue-config.ts";

/** What tests share: a clock they move by hand, and engines on separate Redis connections (processes). */
export function manualClock(start = 1_750_000_000_000) {
  let now = start;
  return {
    clock: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/**
 * Keys apart from every other test's by default: a runtime process running in another test file ticks
 * every tenant under its prefix on the system clock, which would move these tests' manual clocks' timers.
 */
export function engineProcesses(count: number, clock: () => number, ownPrefix = true) {
  const keyPrefix = ownPrefix ? `${process.env.REDIS_KEY_PREFIX ?? ""}${randomUUID()}:` : undefined;
  const clients = Array.from({ length: count }, () => createRedis(undefined, { keyPrefix }));
  return {
    engines: clients.map((client) => new QueueEngine(client, clock)),
    close: () => Promise.all(clients.map((client) => client.quit())),
  };
}

export const newTenant = () => `t-${randomUUID()}`;

export const EVERY_KIND: EndpointKind[] = ["twilio-client", "sip", "phone"];

/** Agents signed in and available in `queueId`, reachable on the Twilio client, configured in this order. */
export async function availableAgents(
  engine: QueueEngine,
  tenantId: string,
  queueId: string,
  agentIds: string[],
  extra: (agentId: string) => Partial<AgentConfig> = () => ({}),
) {
  for (const agentId of agentIds) {
    await engine.configureAgent(tenantId, {
      agentId,
      queueIds: [queueId],
      endpoints: [{ kind: "twilio-client", address: `client:${agentId}` }],
      ...extra(agentId),
    });
    await engine.setAgentState(tenantId, agentId, { state: "available" });
  }
}

/** A caller for queue "q" on a provider that reaches the Twilio client. */
export const twilioCaller = (callId: string, extra: Partial<EnqueueInput> = {}): EnqueueInput => ({
  queueId: "q",
  callId,
  reaches: ["twilio-client"],
  ...extra,
});
