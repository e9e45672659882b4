import { adminProcedure } from "../../trpc.ts";
import { bindNumber } from "../../services/numbers/numbers.ts";
import { bindNumberSchema } from "./bind-number.schema.ts";

export const bindNumberProcedure = adminProcedure
  .input(bindNumberSchema)
  .mutation(({ ctx, input }) => bindNumber(ctx.db, ctx.tenantId, ctx.actor, ctx.config, input));
