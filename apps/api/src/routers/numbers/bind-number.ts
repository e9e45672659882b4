import { can } from "../../trpc.ts";
import { bindNumber } from "../../services/numbers/numbers.ts";
import { bindNumberSchema } from "./bind-number.schema.ts";

export const bindNumberProcedure = can("numbers.manage")
  .input(bindNumberSchema)
  .mutation(({ ctx, input }) => bindNumber(ctx.db, ctx.tenantId, ctx.actor, ctx.config, input));
