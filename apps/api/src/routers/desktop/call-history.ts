import { callHistory } from "../../services/desktop/history.ts";
import { deskProcedure } from "./desk-procedure.ts";
import { callHistorySchema } from "./call-history.schema.ts";

export const callHistoryProcedure = deskProcedure
  .input(callHistorySchema)
  .query(({ ctx, input }) => callHistory(ctx.db, ctx.desk, input));
