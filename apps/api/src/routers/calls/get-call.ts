import { can } from "../../trpc.ts";
import { getCall } from "../../services/calls/calls.ts";
import { getCallSchema } from "./get-call.schema.ts";

export const getCallProcedure = can("calls.read.all")
  .input(getCallSchema)
  .query(({ ctx, input }) => getCall(ctx.db, ctx.tenantId, input.callId));
