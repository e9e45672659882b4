import { can } from "../../trpc.ts";
import { apiError } from "../../errors.ts";
import { agentOfMembership, findAgent } from "../../services/queues/agents.ts";
import { setAgentState } from "../../services/queues/agent-state.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { setAgentStateSchema } from "./set-agent-state.schema.ts";

export const setAgentStateProcedure = can("desktop.use")
  .input(setAgentStateSchema)
  .mutation(async ({ ctx, input }) => {
    const own = await ctx.db.agent.findFirst({
      where: { tenantId: ctx.tenantId, membershipId: ctx.membershipId },
      select: { id: true },
    });
    const agentId = input.agentId ?? own?.id;
    if (agentId !== own?.id && !ctx.permissions.includes("agents.manage"))
      throw apiError("FORBIDDEN", "Only supervisors may change another agent's state.");
    const agent = agentId
      ? await findAgent(ctx.db, ctx.tenantId, agentId)
      : await agentOfMembership(ctx.db, ctx.tenantId, ctx.membershipId);
    return setAgentState(ctx.db, queueEngine(ctx.redis), ctx.tenantId, agent.id, input.choice);
  });
