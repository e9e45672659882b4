import { afterAll, describe, expect, it } from "vitest";
import { createHarness } from "../../testing/harness.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { contactCenter } from "../../testing/contact-center.ts";

describe("deleting a queue", () => {
  const h = createHarness({}, { ownRedisPrefix: true });
  afterAll(() => h.close());

  it("is refused while a published flow sends callers to it (naming the flows) or callers wait in it", async () => {
    const { ws, queue, agent, flowVersion } = await contactCenter(h, "delete-queue");
    const engine = queueEngine(h.redis);
    const version = await flowVersion([{ id: "q", kind: "enqueue", params: { queue: "Billing" } }]);
    const flow = await h.db.flow.update({
      where: { id: version.flowId },
      data: { liveVersionId: version.id, name: "Main line" },
    });
    await expect(ws.caller.queues.delete({ queueId: queue.id })).rejects.toThrow(
      '"Billing" cannot be deleted: published flows send callers to it (Main line (version 1)).',
    );
    await h.db.flow.update({ where: { id: flow.id }, data: { liveVersionId: null } });

    // A caller waits (nobody is available): refused with how many, and nothing is lost.
    expect(
      (await engine.enqueue(ws.tenantId, { queueId: queue.id, callId: "c1", reaches: ["phone"] })).status,
    ).toBe("waiting");
    await expect(ws.caller.queues.delete({ queueId: queue.id })).rejects.toThrow(
      '"Billing" cannot be deleted while 1 caller is waiting in it.',
    );
    expect((await engine.status(ws.tenantId, "c1")).status).toBe("waiting");
    expect(await ws.caller.queues.list()).toHaveLength(1);

    // Once the caller has gone, the queue goes, in Postgres and in the engine.
    await engine.abandon(ws.tenantId, "c1");
    await ws.caller.queues.delete({ queueId: queue.id });
    expect(await ws.caller.queues.list()).toEqual([]);
    expect(
      (await engine.enqueue(ws.tenantId, { queueId: queue.id, callId: "c2", reaches: ["phone"] })).status,
    ).toBe("unknown-queue");
    expect((await engine.agentStatus(ws.tenantId, agent.id)).status).toBe("ok");
  });
});
