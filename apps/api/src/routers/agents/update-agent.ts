import { can } from "../../trpc.ts";
import { updateAgent } from "../../services/queues/agents.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { updateAgentSchema } from "./update-agent.schema.ts";

export const updateAgentProcedure = can("agents.manage")
  .input(updateAgentSchema)
  .mutation(({ ctx, input }) => updateAgent(ctx.db, queueEngine(ctx.redis), ctx.redis, ctx.tenantId, input));
