import { can } from "../../trpc.ts";
import { addNumber } from "../../services/numbers/numbers.ts";
import { addNumberSchema } from "./add-number.schema.ts";

export const addNumberProcedure = can("numbers.manage")
  .input(addNumberSchema)
  .mutation(({ ctx, input }) => addNumber(ctx.db, ctx.tenantId, ctx.actor, input));
