import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";
import { apiError } from "../../errors.ts";
import { addRecordingCopyRetry } from "./recording-copy-queue.ts";

/**
 * An admin tries a failed copy again (the provider's credentials were fixed, its outage ended): the alert is
 * cleared and the copy job runs with all its retries; if it fails again the alert comes back with the reason.
 */
export async function retryRecordingCopy(db: Db, redis: Redis, tenantId: string, recordingId: string) {
  const { count } = await db.recording.updateMany({
    where: { id: recordingId, tenantId, copyFailedAt: { not: null }, copiedAt: null, deletedAt: null },
    data: { copyFailedAt: null, copyError: null },
  });
  if (!count)
    throw apiError(
      "NOT_FOUND",
      "This recording is not waiting for a copy to be retried (copied, deleted or gone).",
    );
  await addRecordingCopyRetry(redis, { tenantId, recordingId }, new Date());
  return { recordingId };
}
