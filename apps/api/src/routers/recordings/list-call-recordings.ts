import { notFound } from "../../errors.ts";
import { recordingsOfCall } from "../../services/recordings/transcripts.ts";
import { can } from "../../trpc.ts";
import { listCallRecordingsSchema } from "./list-call-recordings.schema.ts";
import { refusalsAudited } from "./refusals-audited.ts";

/**
 * A call's recordings with their consent records and transcripts (what callers said: the roles that may
 * listen, and a refused attempt is audited).
 */
export const listCallRecordingsProcedure = refusalsAudited
  .concat(can("recordings.download"))
  .input(listCallRecordingsSchema)
  .query(async ({ ctx, input }) => {
    const found = await recordingsOfCall(ctx.db, ctx.tenantId, input.callId);
    if (!found) throw notFound("Call");
    return found;
  });
