import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { syncAgent, syncQueue, syncTenant } from "./sync.ts";
import { engineProcesses, manualClock, twilioCaller } from "./test-fixtures.ts";

const db = createDb(testDatabaseUrl(), { max: 2 });
const { clock } = manualClock();
const { engines, close } = engineProcesses(1, clock);
const engine = engines[0]!;

afterAll(async () => {
  await close();
  await db.$disconnect();
});

async function tenantWithQueue() {
  const tenant = await db.tenant.create({ data: { name: "Sync", slug: `sync-${randomUUID()}` } });
  const queue = await db.queue.create({
    data: { tenantId: tenant.id, name: "billing", strategy: "RING_ALL", maxSize: 1, ringTimeoutSeconds: 7 },
  });
  const skill = await db.skill.create({ data: { tenantId: tenant.id, name: "spanish" } });
  const agent = await db.agent.create({
    data: {
      tenantId: tenant.id,
      displayName: "Ana",
      extension: "10",
      endpoints: {
        create: [
          { tenantId: tenant.id, kind: "PHONE", address: "+14155550100", position: 1 },
          { tenantId: tenant.id, kind: "TWILIO_CLIENT", address: "agent-ana", position: 0 },
        ],
      },
      skills: { create: [{ tenantId: tenant.id, skillId: skill.id, level: 60 }] },
      queues: { create: [{ tenantId: tenant.id, queueId: queue.id }] },
    },
  });
  return { tenantId: tenant.id, queueId: queue.id, agentId: agent.id };
}

describe("sync from Postgres to the queue engine", () => {
  it("hands queues and agents over: strategy, size, ring timeout, endpoints in order, skill levels", async () => {
    const { tenantId, queueId, agentId } = await tenantWithQueue();
    expect(await engine.enqueue(tenantId, twilioCaller("c0", { queueId }))).toMatchObject({
      status: "unknown-queue",
    });
    expect(await syncTenant(db, engine, tenantId)).toEqual({ queues: 1, agents: 1 });
    await engine.setAgentState(tenantId, agentId, { state: "available" });
    const skilled = await engine.enqueue(
      tenantId,
      twilioCaller("c1", { queueId, requiredSkills: { spanish: 50 }, reaches: ["phone", "twilio-client"] }),
    );
    expect(skilled.offers).toHaveLength(1);
    expect(skilled.offers[0]).toMatchObject({
      expiresAt: clock() + 7000,
      agents: [{ agentId, kind: "twilio-client", address: "agent-ana" }],
    });
    // maxSize 1: the ringing caller counts, a second overflows.
    expect((await engine.enqueue(tenantId, twilioCaller("c2", { queueId }))).status).toBe("overflow");
  });

  it("follows changes: a skill level below the caller's need, an agent who left the queue, a deleted agent", async () => {
    const { tenantId, queueId, agentId } = await tenantWithQueue();
    await syncTenant(db, engine, tenantId);
    await engine.setAgentState(tenantId, agentId, { state: "available" });
    await db.agentSkill.updateMany({ where: { tenantId, agentId }, data: { level: 10 } });
    await db.queue.update({ where: { id: queueId, tenantId }, data: { maxSize: 0 } });
    expect(await syncQueue(db, engine, tenantId, queueId)).toBe(true);
    expect(await syncAgent(db, engine, tenantId, agentId)).toBe(true);
    const needy = await engine.enqueue(
      tenantId,
      twilioCaller("n1", { queueId, requiredSkills: { spanish: 50 } }),
    );
    expect(needy).toMatchObject({ status: "waiting", offers: [] });
    await engine.abandon(tenantId, "n1");

    await db.queueMember.updateMany({ where: { tenantId, agentId }, data: { joined: false } });
    await syncAgent(db, engine, tenantId, agentId);
    expect((await engine.enqueue(tenantId, twilioCaller("n2", { queueId }))).offers).toEqual([]);
    await engine.abandon(tenantId, "n2");

    await db.queueMember.updateMany({ where: { tenantId, agentId }, data: { joined: true } });
    await syncAgent(db, engine, tenantId, agentId);
    await db.agent.delete({ where: { id: agentId, tenantId } });
    expect(await syncAgent(db, engine, tenantId, agentId)).toBe(false);
    expect((await engine.enqueue(tenantId, twilioCaller("n3", { queueId }))).offers).toEqual([]);
    const other = await tenantWithQueue();
    expect(await syncQueue(db, engine, other.tenantId, queueId)).toBe(false);
  });
});
