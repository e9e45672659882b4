import { can } from "../../trpc.ts";
import { removeNumber } from "../../services/numbers/numbers.ts";
import { removeNumberSchema } from "./remove-number.schema.ts";

export const removeNumberProcedure = can("numbers.manage")
  .input(removeNumberSchema)
  .mutation(({ ctx, input }) => removeNumber(ctx.db, ctx.tenantId, ctx.actor, input.phoneNumberId));
