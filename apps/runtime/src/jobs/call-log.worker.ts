import { Worker } from "bullmq";
import { toJson, type Db } from "@ringflow/db";
import type { Logger } from "@ringflow/platform";
import type { CallLogJob, CallStatusValue } from "../calls/call-log.ts";
import { bullConnection, bullPrefix, CALL_LOG_QUEUE, type CallLogBatch, type QueueConfig } from "./queues.ts";

const TERMINAL: CallStatusValue[] = ["COMPLETED", "BUSY", "NO_ANSWER", "FAILED", "CANCELED"];
/** A status may only replace one that comes before it (callbacks arrive late and out of order). */
const EARLIER: Record<CallStatusValue, CallStatusValue[]> = {
  QUEUED: [],
  RINGING: ["QUEUED"],
  IN_PROGRESS: ["QUEUED", "RINGING"],
  COMPLETED: ["QUEUED", "RINGING", "IN_PROGRESS"],
  BUSY: ["QUEUED", "RINGING", "IN_PROGRESS"],
  NO_ANSWER: ["QUEUED", "RINGING", "IN_PROGRESS"],
  FAILED: ["QUEUED", "RINGING", "IN_PROGRESS"],
  CANCELED: ["QUEUED", "RINGING", "IN_PROGRESS"],
};

/**
 * Writes the log of several jobs at once: one insert for their calls, one for their events, one for their
 * consents, then the rare per-call updates. Every write skips duplicates or is guarded, so writing a job
 * twice (a retried job, a replayed batch) changes nothing.
 */
export async function writeCallLogs(db: Db, jobs: CallLogJob[]): Promise<void> {
  const creating = new Map<string, CallLogJob["call"]>();
  for (const { call, create } of jobs)
    if (create && !creating.has(call.callId)) creating.set(call.callId, call);
  if (creating.size)
    await db.call.createMany({
      data: [...creating.values()].map((call) => ({
        id: call.callId,
        tenantId: call.tenantId,
        provider: call.provider,
        providerCallId: call.providerCallId,
        providerAccountId: call.providerAccountId,
        phoneNumberId: call.phoneNumberId,
        flowId: call.flowId,
        flowVersionId: call.flowVersionId,
        direction: call.direction,
        fromNumber: call.from,
        toNumber: call.to,
        status: "IN_PROGRESS" as const,
        startedAt: new Date(call.startedAt),
        answeredAt: new Date(call.startedAt),
      })),
      skipDuplicates: true,
    });
  const events = jobs.flatMap(({ call, events }) =>
    events.map((e) => ({
      tenantId: call.tenantId,
      callId: call.callId,
      seq: e.seq,
      at: new Date(e.at),
      type: e.type,
      nodeId: e.nodeId,
      port: e.port,
      data: toJson(e.data),
    })),
  );
  if (events.length) await db.callEvent.createMany({ data: events, skipDuplicates: true });
  const consents = jobs.flatMap(({ call, consents }) =>
    consents.map((c) => ({ ...c, tenantId: call.tenantId, callId: call.callId, at: new Date(c.at) })),
  );
  if (consents.length) await db.consentRecord.createMany({ data: consents, skipDuplicates: true });
  for (const job of jobs) await writeCallUpdates(db, job);
}

/** Recordings, status and summary: per call, rare (a few per call, not per turn). */
async function writeCallUpdates(db: Db, job: CallLogJob): Promise<void> {
  if (!job.recordings.length && !job.status && !job.summary) return;
  const { call } = job;
  const row = job.create
    ? { id: call.callId, tenantId: call.tenantId }
    : await db.call.findFirst({
        where: { tenantId: call.tenantId, provider: call.provider, providerCallId: call.providerCallId },
        select: { id: true, tenantId: true },
      });
  if (!row) return;
  const { id: callId, tenantId } = row;
  if (call.existingRow && job.create && job.status?.value === "IN_PROGRESS")
    await db.call.updateMany({
      where: { id: callId, tenantId, answeredAt: null },
      data: { answeredAt: new Date(call.startedAt) },
    });
  for (const r of job.recordings) {
    const { id, ...fields } = r;
    await db.recording.upsert({
      where: { id },
      create: { id, tenantId, callId, ...fields },
      update: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)),
    });
  }
  if (job.status) {
    const { value, durationSeconds } = job.status;
    await db.call.updateMany({
      where: { id: callId, tenantId, status: { in: EARLIER[value] } },
      data: {
        status: value,
        ...(TERMINAL.includes(value) ? { endedAt: new Date() } : {}),
        ...(durationSeconds !== undefined ? { durationSeconds } : {}),
      },
    });
  }
  if (job.summary) {
    const s = job.summary;
    await db.call.updateMany({
      where: { id: callId, tenantId },
      data: {
        outcome: s.outcome,
        disposition: s.disposition,
        path: toJson(s.path),
        variables: toJson(s.variables),
        errorMessage: s.errorMessage,
      },
    });
    // The provider's own end time and duration win when its status callback came first.
    await db.call.updateMany({
      where: { id: callId, tenantId, endedAt: null },
      data: { endedAt: new Date(s.endedAt), durationSeconds: s.durationSeconds },
    });
  }
}

export function startCallLogWorker(db: Db, config: QueueConfig, logger?: Logger): Worker<CallLogBatch> {
  const worker = new Worker<CallLogBatch>(CALL_LOG_QUEUE, (job) => writeCallLogs(db, job.data.jobs), {
    connection: bullConnection(config),
    prefix: bullPrefix(config),
    concurrency: 2,
  });
  worker.on("failed", (job, error) =>
    logger?.warn({ err: error, jobs: job?.data.jobs.length }, "call log job failed; it will be retried"),
  );
  return worker;
}
