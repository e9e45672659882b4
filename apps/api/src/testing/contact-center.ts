import { randomBytes } from "node:crypto";
import { toJson } from "@ringflow/db";
import type { Harness } from "./harness.ts";

/** A workspace with a skill, a queue, an agent (a signed-in AGENT member, rung on a phone) and a supervisor. */
export async function contactCenter(h: Harness, label: string) {
  const ws = await h.workspace(label);
  const agentMember = await h.member(ws.tenantId, "AGENT");
  const supervisor = await h.member(ws.tenantId, "SUPERVISOR");
  const skill = await ws.caller.skills.create({ name: "billing" });
  const queue = await ws.caller.queues.create({
    name: "Billing",
    maxWaitSeconds: 300,
    requiredSkills: [{ skillId: skill.id, level: 3 }],
  });
  const agent = await ws.caller.agents.create({
    displayName: "Ada",
    extension: "101",
    membershipId: agentMember.membershipId,
    skills: [{ skillId: skill.id, level: 7 }],
    endpoints: [{ kind: "PHONE", address: "+15550001111" }],
  });
  await ws.caller.queues.setMembers({ queueId: queue.id, members: [{ agentId: agent.id, priority: 5 }] });

  /** A call connected to an agent (what the runtime writes when the agent answers). */
  async function liveCall(
    data: { agentId?: string | null; fromNumber?: string; path?: string[]; flowVersionId?: string } = {},
  ) {
    return h.db.call.create({
      data: {
        tenantId: ws.tenantId,
        provider: "TWILIO",
        providerCallId: `CA${randomBytes(16).toString("hex")}`,
        direction: "INBOUND",
        fromNumber: data.fromNumber ?? "+14155550123",
        toNumber: "+14155550100",
        status: "IN_PROGRESS",
        queueId: queue.id,
        agentId: data.agentId === undefined ? agent.id : data.agentId,
        ...(data.path ? { path: data.path } : {}),
        ...(data.flowVersionId ? { flowVersionId: data.flowVersionId } : {}),
      },
    });
  }
  /** A version of a new flow with these blocks, as a call runs it (no checks: the document is the test's). */
  async function flowVersion(nodes: unknown[]) {
    const flow = await ws.caller.flows.create({ name: `Flow ${randomBytes(3).toString("hex")}` });
    return h.db.flowVersion.create({
      data: {
        tenantId: ws.tenantId,
        flowId: flow.id,
        number: 1,
        schemaVersion: 2,
        checksum: "test",
        document: toJson({ nodes }),
      },
    });
  }
  return { ws, agentMember, supervisor, queue, agent, skill, liveCall, flowVersion };
}
