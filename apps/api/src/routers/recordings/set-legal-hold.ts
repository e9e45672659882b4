import { setLegalHold } from "../../services/recordings/retention.ts";
import { can } from "../../trpc.ts";
import { setLegalHoldSchema } from "./set-legal-hold.schema.ts";

/** Legal hold on a call: its audio, transcript, variables and log are kept until it is released. */
export const setLegalHoldProcedure = can("recordings.delete")
  .input(setLegalHoldSchema)
  .mutation(({ ctx, input }) => setLegalHold(ctx.db, ctx.tenantId, ctx.actor, input));
