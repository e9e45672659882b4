import { can } from "../../trpc.ts";
import { createAgent } from "../../services/queues/agents.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { createAgentSchema } from "./create-agent.schema.ts";

export const createAgentProcedure = can("agents.manage")
  .input(createAgentSchema)
  .mutation(({ ctx, input }) => createAgent(ctx.db, queueEngine(ctx.redis), ctx.redis, ctx.tenantId, input));
