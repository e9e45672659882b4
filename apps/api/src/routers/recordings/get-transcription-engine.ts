import { getTranscriptionEngine } from "../../services/recordings/transcription-settings.ts";
import { can } from "../../trpc.ts";

export const getTranscriptionEngineProcedure = can("providers.manage").query(({ ctx }) =>
  getTranscriptionEngine(ctx.db, ctx.tenantId),
);
