import { designerProcedure } from "../../trpc.ts";
import { startOutboundCall } from "../../services/calls/calls.ts";
import { startOutboundSchema } from "./start-outbound.schema.ts";

export const startOutboundProcedure = designerProcedure
  .input(startOutboundSchema)
  .mutation(({ ctx, input }) => startOutboundCall(ctx.db, ctx.tenantId, ctx.actor, ctx.config, input));
