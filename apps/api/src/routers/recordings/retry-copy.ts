import { retryRecordingCopy } from "../../services/recordings/retry-copy.ts";
import { can } from "../../trpc.ts";
import { retryCopySchema } from "./retry-copy.schema.ts";

/** Queues a failed recording copy again, for those who manage recordings (admins). */
export const retryCopyProcedure = can("recordings.delete")
  .input(retryCopySchema)
  .mutation(({ ctx, input }) => retryRecordingCopy(ctx.db, ctx.redis, ctx.tenantId, input.recordingId));
