import { can } from "../../trpc.ts";
import { listAgents } from "../../services/queues/agents.ts";

export const listAgentsProcedure = can("agents.manage").query(({ ctx }) => listAgents(ctx.db, ctx.tenantId));
