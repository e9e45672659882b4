import { randomUUID } from "node:crypto";
import type { createHarness } from "../../testing/harness.ts";

/** A signed-in agent (an AGENT member with its Agent row), a member of these queues. */
export async function signedInAgent(
  h: ReturnType<typeof createHarness>,
  tenantId: string,
  queueIds: string[] = [],
) {
  const member = await h.member(tenantId, "AGENT");
  const agent = await h.db.agent.create({
    data: {
      tenantId,
      membershipId: member.membershipId,
      displayName: member.email,
      extension: randomUUID(),
      queues: { create: queueIds.map((queueId) => ({ tenantId, queueId })) },
    },
  });
  return { ...member, agentId: agent.id };
}
