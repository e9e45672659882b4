import type { Db } from "@ringflow/db";
import { apiError } from "../../errors.ts";

/** A recording that can be played: in this tenant, copied into Ringflow's storage, not deleted. */
export async function findPlayableRecording(db: Db, tenantId: string, recordingId: string) {
  const recording = await db.recording.findFirst({
    where: { id: recordingId, tenantId, deletedAt: null },
    select: {
      id: true,
      tenantId: true,
      callId: true,
      contentType: true,
      storageKey: true,
      dataKey: true,
      dataKeyId: true,
      sizeBytes: true,
      sha256: true,
    },
  });
  if (!recording) throw apiError("NOT_FOUND", "This recording does not exist or was deleted.");
  if (!recording.storageKey)
    throw apiError(
      "PRECONDITION_FAILED",
      "This recording has not been copied into Ringflow yet; try again shortly.",
    );
  return recording;
}

/** Recordings whose copy failed after every retry: they are still (only) at the provider. */
export async function listCopyAlerts(db: Db, tenantId: string) {
  return db.recording.findMany({
    where: { tenantId, copyFailedAt: { not: null }, copiedAt: null, deletedAt: null },
    select: {
      id: true,
      callId: true,
      kind: true,
      providerRecordingId: true,
      copyAttempts: true,
      copyFailedAt: true,
      copyError: true,
      createdAt: true,
    },
    orderBy: { copyFailedAt: "desc" },
    take: 200,
  });
}
