import { can } from "../../trpc.ts";
import { startOutboundCall } from "../../services/calls/calls.ts";
import { startOutboundSchema } from "./start-outbound.schema.ts";

export const startOutboundProcedure = can("calls.place")
  .input(startOutboundSchema)
  .mutation(({ ctx, input }) =>
    startOutboundCall(ctx.db, ctx.tenantId, ctx.actor, ctx.config, input, ctx.redis),
  );
