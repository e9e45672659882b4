import { setTranscriptionEngine } from "../../services/recordings/transcription-settings.ts";
import { can } from "../../trpc.ts";
import { setTranscriptionEngineSchema } from "./set-transcription-engine.schema.ts";

/** Which engine transcribes the workspace's recordings (sending audio to a third party is an admin's choice). */
export const setTranscriptionEngineProcedure = can("providers.manage")
  .input(setTranscriptionEngineSchema)
  .mutation(({ ctx, input }) => setTranscriptionEngine(ctx.db, ctx.tenantId, ctx.actor, input));
