import { callerIds, placeAgentCall } from "../../services/outbound/place-call.ts";
import { deskProcedure } from "./desk-procedure.ts";
import { placeCallSchema } from "./place-call.schema.ts";

export const placeCallProcedure = deskProcedure
  .input(placeCallSchema)
  .mutation(({ ctx, input }) =>
    placeAgentCall(ctx.db, ctx.redis, ctx.config, { ...ctx.desk, audit: ctx.actor }, input),
  );

export const callerIdsProcedure = deskProcedure.query(({ ctx }) => callerIds(ctx.db, ctx.desk.tenantId));
