import { can } from "../../trpc.ts";
import { setAwayReasons } from "../../services/queues/agent-state.ts";
import { setAwayReasonsSchema } from "./set-away-reasons.schema.ts";

export const setAwayReasonsProcedure = can("agents.manage")
  .input(setAwayReasonsSchema)
  .mutation(({ ctx, input }) => setAwayReasons(ctx.db, ctx.tenantId, input.reasons));
