import { Queue, Worker } from "bullmq";
import { Prisma, type Db } from "@ringflow/db";
import type { Logger } from "@ringflow/platform";
import type { ObjectStore } from "@ringflow/recordings";
import { bullConnection, bullPrefix, type QueueConfig } from "./queues.ts";
import {
  RECORDING_RETENTION_QUEUE,
  RECORDING_RETENTION_SCHEDULE,
  type RecordingRetentionJob,
} from "./recording-retention.job.ts";

export interface RetentionDeps {
  db: Db;
  store: ObjectStore;
  clock?: () => Date;
}

export interface RetentionResult {
  deleted: number;
  callsPurged: number;
  /** Objects that could not be removed from storage; their key is already destroyed, so they cannot be read. */
  storageErrors: number;
}

const BATCH = 200;

/**
 * Deletes every expired recording of every tenant. The row keeps its metadata (call, kind, duration, dates);
 * its data key, storage key and transcript go in one guarded statement with the deletion record, so a call put
 * on hold meanwhile is never touched, and the stored bytes are unreadable from then on even before they are
 * removed. By the tenant's policy the call's variables and log details go too.
 */
export async function runRecordingRetention(deps: RetentionDeps): Promise<RetentionResult> {
  const { db, store } = deps;
  const now = deps.clock?.() ?? new Date();
  const result: RetentionResult = { deleted: 0, callsPurged: 0, storageErrors: 0 };
  const skipped = new Set<string>();
  for (;;) {
    const due = await db.recording.findMany({
      where: {
        deleteAfter: { lte: now },
        deletedAt: null,
        call: { is: { legalHoldAt: null } },
        ...(skipped.size ? { id: { notIn: [...skipped] } } : {}),
      },
      select: {
        id: true,
        tenantId: true,
        callId: true,
        storageKey: true,
        deleteAfter: true,
        sizeBytes: true,
        sha256: true,
        tenant: { select: { retentionPurgesCallDetails: true } },
      },
      orderBy: { deleteAfter: "asc" },
      take: BATCH,
    });
    if (!due.length) return result;
    for (const recording of due) {
      const purge = recording.tenant.retentionPurgesCallDetails;
      const deleted = await db.$transaction(async (tx) => {
        const { count } = await tx.recording.updateMany({
          where: {
            id: recording.id,
            tenantId: recording.tenantId,
            deletedAt: null,
            call: { is: { legalHoldAt: null } },
          },
          data: {
            status: "DELETED",
            deletedAt: now,
            storageKey: null,
            dataKey: null,
            dataKeyId: null,
            transcript: null,
            // Turns hold the same words (the search column follows the transcript by itself).
            transcriptTurns: Prisma.DbNull,
          },
        });
        if (!count) return false;
        await tx.recordingDeletion.create({
          data: {
            tenantId: recording.tenantId,
            recordingId: recording.id,
            callId: recording.callId,
            reason: "retention",
            deleteAfter: recording.deleteAfter,
            sizeBytes: recording.sizeBytes,
            sha256: recording.sha256,
            callDetailsPurged: purge,
            deletedAt: now,
          },
        });
        if (purge) {
          await tx.call.updateMany({
            where: { id: recording.callId, tenantId: recording.tenantId, legalHoldAt: null },
            data: { variables: Prisma.DbNull },
          });
          await tx.callEvent.updateMany({
            where: { callId: recording.callId, tenantId: recording.tenantId },
            data: { data: {} },
          });
        }
        return true;
      });
      if (!deleted) {
        skipped.add(recording.id);
        continue;
      }
      result.deleted += 1;
      if (purge) result.callsPurged += 1;
      if (recording.storageKey)
        await store.delete(recording.storageKey).catch(() => void (result.storageErrors += 1));
    }
  }
}

/** The daily schedule (one scheduler, however many workers start) and its worker. */
export async function startRecordingRetentionWorker(
  deps: RetentionDeps,
  config: QueueConfig,
  logger?: Logger,
): Promise<{ close(): Promise<void> }> {
  const queue = new Queue<RecordingRetentionJob>(RECORDING_RETENTION_QUEUE, {
    connection: bullConnection(config),
    prefix: bullPrefix(config),
  });
  queue.on("error", () => {});
  const { id, ...repeat } = RECORDING_RETENTION_SCHEDULE;
  await queue.upsertJobScheduler(id, repeat, {
    name: "retention",
    data: {},
    opts: {
      attempts: 3,
      backoff: { type: "exponential", delay: 60_000 },
      removeOnComplete: 30,
      removeOnFail: 30,
    },
  });
  const worker = new Worker<RecordingRetentionJob>(
    RECORDING_RETENTION_QUEUE,
    async () => {
      const result = await runRecordingRetention(deps);
      logger?.info(result, "recording retention ran");
      return result;
    },
    { connection: bullConnection(config), prefix: bullPrefix(config), concurrency: 1 },
  );
  worker.on("failed", (_job, error) =>
    logger?.warn({ err: error }, "recording retention failed; it will be retried"),
  );
  return {
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}
