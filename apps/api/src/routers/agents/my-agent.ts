import { can } from "../../trpc.ts";
import { agentOfMembership } from "../../services/queues/agents.ts";
import { awayReasons } from "../../services/queues/agent-state.ts";

/** The signed-in agent: their queues, the queues they may join, and the reasons they may give for being away. */
export const myAgentProcedure = can("desktop.use").query(async ({ ctx }) => {
  const agent = await agentOfMembership(ctx.db, ctx.tenantId, ctx.membershipId);
  const joinable = await ctx.db.queue.findMany({
    where: { tenantId: ctx.tenantId, allowSelfJoin: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  return { agent, joinableQueues: joinable, awayReasons: await awayReasons(ctx.db, ctx.tenantId) };
});
