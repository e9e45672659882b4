import { Worker } from "bullmq";
import { toJson, type Db } from "@ringflow/db";
import type { Logger } from "@ringflow/platform";
import type { CallLogJob, CallStatusValue } from "../calls/call-log.ts";
import { bullConnection, bullPrefix, CALL_LOG_QUEUE, type QueueConfig } from "./queues.ts";

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

/** Writes one job's log; every write is an upsert or skips duplicates, so a retried job changes nothing. */
export async function writeCallLog(db: Db, job: CallLogJob): Promise<void> {
  const { call } = job;
  const where = { provider_providerCallId: { provider: call.provider, providerCallId: call.providerCallId } };
  const row = job.create
    ? await db.call.upsert({
        where,
        create: {
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
          status: "IN_PROGRESS",
          startedAt: new Date(call.startedAt),
          answeredAt: new Date(call.startedAt),
        },
        update: {},
        select: { id: true, tenantId: true, answeredAt: true },
      })
    : await db.call.findFirst({
        where: { tenantId: call.tenantId, provider: call.provider, providerCallId: call.providerCallId },
        select: { id: true, tenantId: true, answeredAt: true },
      });
  if (!row) return;
  const tenantId = row.tenantId;
  const callId = row.id;
  if (!row.answeredAt && job.events.length)
    await db.call.updateMany({
      where: { id: callId, tenantId, answeredAt: null },
      data: { answeredAt: new Date(call.startedAt) },
    });
  if (job.events.length)
    await db.callEvent.createMany({
      data: job.events.map((e) => ({
        tenantId,
        callId,
        seq: e.seq,
        at: new Date(e.at),
        type: e.type,
        nodeId: e.nodeId,
        port: e.port,
        data: toJson(e.data),
      })),
      skipDuplicates: true,
    });
  if (job.consents.length)
    await db.consentRecord.createMany({
      data: job.consents.map((c) => ({ ...c, tenantId, callId, at: new Date(c.at) })),
      skipDuplicates: true,
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
    const terminal = TERMINAL.includes(value);
    await db.call.updateMany({
      where: { id: callId, tenantId, status: { in: EARLIER[value] } },
      data: {
        status: value,
        ...(terminal ? { endedAt: new Date() } : {}),
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

export function startCallLogWorker(db: Db, config: QueueConfig, logger?: Logger): Worker<CallLogJob> {
  const worker = new Worker<CallLogJob>(CALL_LOG_QUEUE, (job) => writeCallLog(db, job.data), {
    connection: bullConnection(config),
    prefix: bullPrefix(config),
    concurrency: 4,
  });
  worker.on("failed", (job, error) =>
    logger?.warn({ err: error, callId: job?.data.call.callId }, "call log job failed; it will be retried"),
  );
  return worker;
}
