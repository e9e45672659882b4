import { can } from "../../trpc.ts";
import { unbindNumber } from "../../services/numbers/numbers.ts";
import { unbindNumberSchema } from "./unbind-number.schema.ts";

export const unbindNumberProcedure = can("numbers.manage")
  .input(unbindNumberSchema)
  .mutation(({ ctx, input }) => unbindNumber(ctx.db, ctx.tenantId, ctx.actor, input.phoneNumberId));
