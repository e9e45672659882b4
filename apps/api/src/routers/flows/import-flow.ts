import { can } from "../../trpc.ts";
import { importFlow } from "../../services/flows/import-export.ts";
import { importFlowSchema } from "./import-flow.schema.ts";

export const importFlowProcedure = can("flows.edit")
  .input(importFlowSchema)
  .mutation(({ ctx, input }) => importFlow(ctx.db, ctx.tenantId, ctx.actor, input));
