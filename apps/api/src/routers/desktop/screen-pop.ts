import { z } from "zod";
import { screenPopOfCall } from "../../services/desktop/screen-pop.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { idSchema } from "../common.schema.ts";
import { deskProcedure } from "./desk-procedure.ts";

/** The screen pop of a call ringing for the agent or taken by them: fields, path in words, script, outcomes. */
export const screenPopProcedure = deskProcedure
  .input(z.object({ callId: idSchema }))
  .query(({ ctx, input }) => screenPopOfCall(ctx.db, queueEngine(ctx.redis), ctx.desk, input.callId));
