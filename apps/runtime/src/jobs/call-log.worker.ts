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
export async function writeCallLogs(
  db: Db,
  jobs: CallLogJob[],
  known: KnownCalls = new KnownCalls(),
): Promise<void> {
  const creating = new Map<string, CallLogJob["call"]>();
  for (const { call, create } of jobs)
    if (create && !known.has(call.callId) && !creating.has(call.callId)) creating.set(call.callId, call);
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
  await insertEvents(db, jobs);
  const consents = jobs.flatMap(({ call, consents }) =>
    consents.map((c) => ({ ...c, tenantId: call.tenantId, callId: call.callId, at: new Date(c.at) })),
  );
  if (consents.length) await db.consentRecord.createMany({ data: consents, skipDuplicates: true });
  for (const job of jobs) await writeCallUpdates(db, job);
  for (const id of creating.keys()) known.add(id);
}

/** Calls whose row this worker has written: later turns of the same call skip the insert. */
export class KnownCalls {
  private ids = new Set<string>();

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.size >= 50_000) this.ids = new Set();
    this.ids.add(id);
  }
}

/**
 * Every event of the batch in one statement (arrays unnested server-side): the log's hot path, a few rows per
 * webhook, so the per-query cost of the ORM matters. Duplicates ((callId, seq) exists) are skipped.
 */
async function insertEvents(db: Db, jobs: CallLogJob[]): Promise<void> {
  const columns = {
    tenantId: [] as string[],
    callId: [] as string[],
    seq: [] as number[],
    at: [] as string[],
    type: [] as string[],
    nodeId: [] as (string | null)[],
    port: [] as (string | null)[],
    data: [] as string[],
  };
  for (const { call, events } of jobs)
    for (const e of events) {
      columns.tenantId.push(call.tenantId);
      columns.callId.push(call.callId);
      columns.seq.push(e.seq);
      columns.at.push(new Date(e.at).toISOString());
      columns.type.push(e.type);
      columns.nodeId.push(e.nodeId);
      columns.port.push(e.port);
      columns.data.push(JSON.stringify(e.data));
    }
  if (!columns.seq.length) return;
  await db.$executeRaw`
    insert into "CallEvent" ("tenantId", "callId", "seq", "at", "type", "nodeId", "port", "data")
    select t, c, s, a at time zone 'UTC', y, n, p, d from unnest(
      ${columns.tenantId}::uuid[], ${columns.callId}::uuid[], ${columns.seq}::int[], ${columns.at}::timestamptz[],
      ${columns.type}::text[], ${columns.nodeId}::text[], ${columns.port}::text[], ${columns.data}::jsonb[]
    ) as e(t, c, s, a, y, n, p, d)
    on conflict ("callId", "seq") do nothing`;
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
  const known = new KnownCalls();
  const worker = new Worker<CallLogBatch>(CALL_LOG_QUEUE, (job) => writeCallLogs(db, job.data.jobs, known), {
    connection: bullConnection(config),
    prefix: bullPrefix(config),
    concurrency: 2,
  });
  worker.on("failed", (job, error) =>
    logger?.warn({ err: error, jobs: job?.data.jobs.length }, "call log job failed; it will be retried"),
  );
  return worker;
}
