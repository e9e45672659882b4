import { toJson, type Db } from "@ringflow/db";
import { CALL_STATUS_RANK, FINAL_CALL_STATUS_RANK, type CallStatus } from "@ringflow/flow-schema";
import type { CallLogEntry } from "./call-log.job.ts";
import type { RecordingCopyJob } from "./recording-copy.job.ts";

/** What writing the log sets off: a copy of every recording that became available. */
export interface CallLogEffects {
  copyRecording?: (job: RecordingCopyJob) => Promise<unknown>;
}

/** The database's CallStatus for the call core's status. */
const dbStatus = (status: CallStatus) => status.toUpperCase().replace("-", "_");
/** The rank of the stored status, in SQL, so a status only ever replaces an earlier one. */
const STORED_RANK = `case c.status when 'QUEUED' then 1 when 'RINGING' then 2 when 'IN_PROGRESS' then 3 else 4 end`;

/**
 * Writes the log entries of many calls at once: one statement per table (calls, events, consents, statuses,
 * summaries), recordings per row (rare). Every write skips duplicates or is guarded, so writing an entry twice
 * (a redelivered stream entry) changes nothing. Rows are tenant-scoped: an entry can only touch its tenant's call.
 */
export async function writeCallLogs(
  db: Db,
  entries: CallLogEntry[],
  known = new KnownCalls(),
  effects: CallLogEffects = {},
): Promise<void> {
  const creating = new Map<string, CallLogEntry["call"]>();
  for (const { call, create } of entries)
    if (create && call.callId && !known.has(call.callId) && !creating.has(call.callId))
      creating.set(call.callId, call);
  if (creating.size)
    await db.call.createMany({
      data: [...creating.values()].map((call) => ({
        id: call.callId as string,
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
        test: call.test,
      })),
      skipDuplicates: true,
    });
  await insertEvents(db, entries);
  const consents = entries.flatMap(({ call, consents }) =>
    call.callId
      ? consents.map((c) => ({
          ...c,
          tenantId: call.tenantId,
          callId: call.callId as string,
          at: new Date(c.at),
        }))
      : [],
  );
  if (consents.length) await db.consentRecord.createMany({ data: consents, skipDuplicates: true });
  await writeAnswered(db, entries);
  await writeRecordings(db, entries, effects);
  await writeStatuses(db, entries);
  await writeSummaries(db, entries);
  await writeQueues(db, entries);
  for (const id of creating.keys()) known.add(id);
}

/** Calls whose row this writer has inserted: later turns of the same call skip the insert. */
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

/** Every event in one statement (arrays unnested server-side); rows of another tenant's call are not written. */
async function insertEvents(db: Db, entries: CallLogEntry[]): Promise<void> {
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
  for (const { call, events } of entries)
    if (call.callId)
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
    select e.t, e.c, e.s, e.a at time zone 'UTC', e.y, e.n, e.p, e.d from unnest(
      ${columns.tenantId}::uuid[], ${columns.callId}::uuid[], ${columns.seq}::int[], ${columns.at}::timestamptz[],
      ${columns.type}::text[], ${columns.nodeId}::text[], ${columns.port}::text[], ${columns.data}::jsonb[]
    ) as e(t, c, s, a, y, n, p, d)
    join "Call" c on c.id = e.c and c."tenantId" = e.t
    on conflict ("callId", "seq") do nothing`;
}

/** The queue and agent of a call that waited in a queue (the Enqueue step). */
async function writeQueues(db: Db, entries: CallLogEntry[]): Promise<void> {
  for (const { call, queue } of entries) {
    if (!call.callId || !queue) continue;
    const written = db.call.updateMany({
      where: { id: call.callId, tenantId: call.tenantId },
      data: {
        ...(queue.queueId ? { queueId: queue.queueId } : {}),
        ...(queue.agentId ? { agentId: queue.agentId } : {}),
        ...(queue.queuedAt ? { queuedAt: new Date(queue.queuedAt) } : {}),
        ...(queue.agentAnsweredAt ? { agentAnsweredAt: new Date(queue.agentAnsweredAt) } : {}),
        ...(queue.outcome ? { queueOutcome: queue.outcome } : {}),
        ...(queue.callbackNumber ? { callbackNumber: queue.callbackNumber } : {}),
      },
    });
    // A queue or agent deleted since (a foreign key that no longer holds) leaves the columns as they were.
    await written.catch((error: unknown) => {
      if ((error as { code?: string }).code !== "P2003") throw error;
    });
  }
}

/** An outbound call the API created is answered when the flow starts. */
async function writeAnswered(db: Db, entries: CallLogEntry[]): Promise<void> {
  const rows = entries.filter(
    (e) => e.call.callId && e.call.existingRow && e.create && e.status?.value === "in-progress",
  );
  for (const { call } of rows)
    await db.call.updateMany({
      where: { id: call.callId as string, tenantId: call.tenantId, answeredAt: null },
      data: { answeredAt: new Date(call.startedAt) },
    });
}

async function writeRecordings(db: Db, entries: CallLogEntry[], effects: CallLogEffects): Promise<void> {
  for (const { call, recordings } of entries) {
    if (!call.callId || !recordings.length) continue;
    const owned = await db.call.count({ where: { id: call.callId, tenantId: call.tenantId } });
    if (!owned) continue;
    for (const { id, ...fields } of recordings) {
      const existing = await db.recording.findFirst({ where: { id }, select: { tenantId: true } });
      if (existing && existing.tenantId !== call.tenantId) continue;
      const written = await db.recording.upsert({
        where: { id },
        create: { id, tenantId: call.tenantId, callId: call.callId, ...fields },
        update: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)),
        select: { status: true, copiedAt: true },
      });
      // A redelivered entry enqueues again: the job id makes it one job, and a copied recording is skipped.
      if (written.status === "AVAILABLE" && !written.copiedAt)
        await effects.copyRecording?.({ tenantId: call.tenantId, recordingId: id });
    }
  }
}

/** The highest status each call reached in these entries, in one statement; never moves a call back. */
async function writeStatuses(db: Db, entries: CallLogEntry[]): Promise<void> {
  const latest = new Map<string, { tenantId: string; status: CallStatus; duration: number | null }>();
  for (const { call, status } of entries) {
    if (!status || !call.callId) continue;
    const seen = latest.get(call.callId);
    const rank = CALL_STATUS_RANK[status.value];
    if (seen && CALL_STATUS_RANK[seen.status] >= rank) {
      if (status.durationSeconds !== undefined) seen.duration = status.durationSeconds;
      continue;
    }
    latest.set(call.callId, {
      tenantId: call.tenantId,
      status: status.value,
      duration: status.durationSeconds ?? seen?.duration ?? null,
    });
  }
  if (!latest.size) return;
  const ids = [...latest.keys()];
  const values = [...latest.values()];
  await db.$executeRawUnsafe(
    `update "Call" c set
       status = v.status::"CallStatus",
       "endedAt" = case when v.rank = ${FINAL_CALL_STATUS_RANK} then coalesce(c."endedAt", now()) else c."endedAt" end,
       "durationSeconds" = coalesce(v.duration, c."durationSeconds")
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::int[]) as v(id, tenant, status, rank, duration)
     where c.id = v.id and c."tenantId" = v.tenant and ${STORED_RANK} < v.rank`,
    ids,
    values.map((v) => v.tenantId),
    values.map((v) => dbStatus(v.status)),
    values.map((v) => CALL_STATUS_RANK[v.status]),
    values.map((v) => v.duration),
  );
}

async function writeSummaries(db: Db, entries: CallLogEntry[]): Promise<void> {
  const rows = entries.filter((e) => e.summary && e.call.callId);
  if (!rows.length) return;
  const column = <T>(pick: (entry: CallLogEntry & { summary: NonNullable<CallLogEntry["summary"]> }) => T) =>
    rows.map((row) => pick(row as CallLogEntry & { summary: NonNullable<CallLogEntry["summary"]> }));
  // The provider's own end time and duration win when its status report came first. A disposition already
  // on the row is the agent's (chosen on the desktop while the call went on, after a transfer): it stays.
  await db.$executeRawUnsafe(
    `update "Call" c set
       outcome = v.outcome, disposition = coalesce(c.disposition, v.disposition), path = v.path, variables = v.variables,
       "errorMessage" = v.error, language = coalesce(v.language, c.language),
       "endedAt" = coalesce(c."endedAt", v.ended),
       "durationSeconds" = case when c."endedAt" is null then v.duration else coalesce(c."durationSeconds", v.duration) end
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[], $7::text[], $8::timestamptz[], $9::int[], $10::text[])
       as v(id, tenant, outcome, disposition, path, variables, error, ended, duration, language)
     where c.id = v.id and c."tenantId" = v.tenant`,
    column((r) => r.call.callId),
    column((r) => r.call.tenantId),
    column((r) => r.summary.outcome),
    column((r) => r.summary.disposition),
    column((r) => JSON.stringify(toJson(r.summary.path))),
    column((r) => JSON.stringify(toJson(r.summary.variables))),
    column((r) => r.summary.errorMessage),
    column((r) => new Date(r.summary.endedAt).toISOString()),
    column((r) => r.summary.durationSeconds),
    column((r) => r.summary.language ?? null),
  );
}
