import { can } from "../../trpc.ts";
import { listCalls } from "../../services/calls/calls.ts";
import { listCallsSchema } from "./list-calls.schema.ts";

export const listCallsProcedure = can("calls.read.all")
  .input(listCallsSchema)
  .query(({ ctx, input }) => listCalls(ctx.db, ctx.tenantId, input));
