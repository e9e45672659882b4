import { can } from "../../trpc.ts";
import { publishFlow } from "../../services/flows/versions.ts";
import { publishFlowSchema } from "./publish-flow.schema.ts";

export const publishFlowProcedure = can("flows.publish")
  .input(publishFlowSchema)
  .mutation(({ ctx, input }) => publishFlow(ctx.db, ctx.tenantId, ctx.actor, input));
