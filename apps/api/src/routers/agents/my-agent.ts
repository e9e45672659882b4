import { can } from "../../trpc.ts";
import { agentOfMembership } from "../../services/queues/agents.ts";
import { awayReasons } from "../../services/queues/agent-state.ts";

/** The signed-in agent: their queues and the reasons they may give for being away. */
export const myAgentProcedure = can("desktop.use").query(async ({ ctx }) => ({
  agent: await agentOfMembership(ctx.db, ctx.tenantId, ctx.membershipId),
  awayReasons: await awayReasons(ctx.db, ctx.tenantId),
}));
