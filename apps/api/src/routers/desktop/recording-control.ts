import { recordingStateOf, stopRecording } from "../../services/desktop/recording-control.ts";
import { deskProcedure } from "./desk-procedure.ts";
import { recordingStateSchema, stopRecordingSchema } from "./recording-control.schema.ts";

/** Whether the call may be recorded now (the caller's consent) and whether it is being recorded. */
export const recordingStateProcedure = deskProcedure
  .input(recordingStateSchema)
  .query(({ ctx, input }) => recordingStateOf(ctx.db, ctx.desk, input.callId));

export const stopRecordingProcedure = deskProcedure
  .input(stopRecordingSchema)
  .mutation(({ ctx, input }) => stopRecording(ctx.db, ctx.redis, ctx.desk, input));
