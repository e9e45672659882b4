import { updateCall } from "../../services/desktop/wrap-up.ts";
import { deskProcedure } from "./desk-procedure.ts";
import { updateCallSchema } from "./update-call.schema.ts";

export const updateCallProcedure = deskProcedure
  .input(updateCallSchema)
  .mutation(({ ctx, input }) => updateCall(ctx.db, ctx.desk, input));
