import { Queue, Worker } from "bullmq";
import type { Db } from "@ringflow/db";
import type { Logger } from "@ringflow/platform";
import { HOLD_EVENT_TYPES } from "@ringflow/flow-schema";
import type { QueueEngine } from "@ringflow/queues";
import {
  ANALYTICS_ROLLUP_QUEUE,
  ANALYTICS_ROLLUP_SCHEDULE,
  analyticsRollupJobSchema,
  type AnalyticsRollupJob,
} from "./analytics-rollup.job.ts";
import {
  DAY_MS,
  DEFAULT_TIME_ZONE,
  DirtyWindows,
  REACH_MS,
  keepQueueEvents,
  recountWindow,
} from "./analytics-rollup.writer.ts";
import { bullConnection, bullPrefix, type QueueConfig } from "./queues.ts";

export interface RollupDeps {
  db: Db;
  engine: Pick<QueueEngine, "events">;
  clock?: () => number;
}

const CALL_EVENTS_CURSOR = "call-events";
const HOLD_EVENTS_CURSOR = "hold-events";
const queueCursor = (tenantId: string) => `queue-stream:${tenantId}`;
/** How far back a time-zone change recounts (the longest range a report asks for); older hours keep theirs. */
const ZONE_RECOUNT_DAYS = 400;
/** The time zone a tenant's hours were last counted in. */
const zoneCursor = (tenantId: string) => `time-zone:${tenantId}`;
const PAGE = 20_000;
/** Log rows are numbered when inserted but may commit out of order: each run looks this far back again. */
const OVERLAP_IDS = 5_000n;

async function cursor(db: Db, name: string): Promise<string | null> {
  return (await db.analyticsCursor.findUnique({ where: { name } }))?.position ?? null;
}
const saveCursor = (db: Db, name: string, position: string) =>
  db.analyticsCursor.upsert({ where: { name }, create: { name, position }, update: { position } });

/**
 * The incremental run: copies each tenant's new queue events from the engine's stream, reads the log rows
 * written since the last run, and recounts every hour either touched (a day at a time). Recounting is from
 * what is stored, so running twice, or over a window already counted, changes nothing.
 */
export async function runAnalyticsRollup(deps: RollupDeps): Promise<{ tenants: number; hours: number }> {
  const { db, engine } = deps;
  const now = deps.clock?.() ?? Date.now();
  const dirty = new DirtyWindows();

  const zones = new Map<string, string>();
  const tenants = await db.tenant.findMany({
    select: { id: true, analyticsSetting: { select: { timeZone: true } } },
  });
  // Every tenant's two cursors in one read: the run walks every tenant, and a query or two per tenant made
  // each run as slow as the deployment (or the shared test database) is large.
  const positions = new Map(
    (
      await db.analyticsCursor.findMany({
        where: { OR: [{ name: { startsWith: zoneCursor("") } }, { name: { startsWith: queueCursor("") } }] },
        select: { name: true, position: true },
      })
    ).map((c) => [c.name, c.position]),
  );
  for (const { id: tenantId, analyticsSetting } of tenants) {
    // A tenant that changed its time zone: its history (as far as reports reach) is recounted in the new one.
    const zone = analyticsSetting?.timeZone ?? DEFAULT_TIME_ZONE;
    const counted = positions.get(zoneCursor(tenantId)) ?? null;
    if (counted !== zone) {
      const first = counted === null ? null : await firstActivity(db, tenantId);
      if (first !== null) dirty.add(tenantId, Math.max(first, now - ZONE_RECOUNT_DAYS * DAY_MS), now + 1);
      zones.set(tenantId, zone);
    }
    const entries = await engine.events(tenantId, positions.get(queueCursor(tenantId)) ?? "-");
    if (!entries.length) continue;
    await keepQueueEvents(
      db,
      tenantId,
      entries.map((e) => e.event),
    );
    const times = entries.map((e) => e.event.at);
    // An event ends a call or an agent's stretch that may have begun up to a day before.
    dirty.add(tenantId, Math.min(...times) - REACH_MS, Math.max(...times) + 1);
    await saveCursor(db, queueCursor(tenantId), entries[entries.length - 1]!.id);
  }

  // Holds are written by the call-control jobs straight into the kept events (they are in no stream).
  let holdsAfter = BigInt((await cursor(db, HOLD_EVENTS_CURSOR)) ?? "0");
  const holdsFrom = holdsAfter;
  for (;;) {
    const rows = await db.queueEventRecord.findMany({
      where: { id: { gt: holdsAfter }, type: { in: [...HOLD_EVENT_TYPES] } },
      select: { id: true, tenantId: true, at: true },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    // A resume ends a hold counted in the hour it began, up to a day before.
    for (const r of rows) dirty.add(r.tenantId, r.at.getTime() - REACH_MS, r.at.getTime() + 1);
    if (rows.length) holdsAfter = rows[rows.length - 1]!.id;
    if (rows.length < PAGE) break;
  }

  const saved = BigInt((await cursor(db, CALL_EVENTS_CURSOR)) ?? "0");
  let after = saved > OVERLAP_IDS ? saved - OVERLAP_IDS : 0n;
  let last = saved;
  for (;;) {
    const rows = await db.callEvent.findMany({
      where: { id: { gt: after } },
      select: { id: true, tenantId: true, at: true, call: { select: { startedAt: true } } },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    for (const r of rows) {
      const at = r.at.getTime();
      dirty.add(r.tenantId, Math.min(at, r.call.startedAt.getTime()), at + 1);
    }
    if (rows.length) after = rows[rows.length - 1]!.id;
    if (after > last) last = after;
    if (rows.length < PAGE) break;
  }

  let hours = 0;
  for (const [tenantId, windows] of dirty.byTenant)
    for (const w of windows) hours += await recountDays(db, tenantId, w.from, w.to, now);
  for (const [tenantId, zone] of zones) await saveCursor(db, zoneCursor(tenantId), zone);
  await saveCursor(db, CALL_EVENTS_CURSOR, last.toString());
  if (holdsAfter > holdsFrom) await saveCursor(db, HOLD_EVENTS_CURSOR, holdsAfter.toString());
  return { tenants: dirty.byTenant.size, hours };
}

/** When a tenant's first call or queue event happened; null when it has none. */
async function firstActivity(db: Db, tenantId: string): Promise<number | null> {
  const [call, event] = await Promise.all([
    db.call.aggregate({ where: { tenantId }, _min: { startedAt: true } }),
    db.queueEventRecord.aggregate({ where: { tenantId }, _min: { at: true } }),
  ]);
  const times = [call._min.startedAt, event._min.at].flatMap((d) => (d ? [d.getTime()] : []));
  return times.length ? Math.min(...times) : null;
}

/** Recounts a window a day at a time (each day reads its own rows and a day of queue events around it). */
export async function recountDays(db: Db, tenantId: string, from: number, to: number, now = Date.now()) {
  let hours = 0;
  for (let start = from; start < to; start += DAY_MS)
    hours += (await recountWindow(db, tenantId, { from: start, to: Math.min(to, start + DAY_MS), now }))
      .hours;
  return hours;
}

/** The every-minute schedule (one scheduler however many workers start) and its worker (one run at a time). */
export async function startAnalyticsRollupWorker(
  deps: RollupDeps,
  config: QueueConfig,
  logger?: Logger,
): Promise<{ close(): Promise<void> }> {
  const queue = new Queue<AnalyticsRollupJob>(ANALYTICS_ROLLUP_QUEUE, {
    connection: bullConnection(config),
    prefix: bullPrefix(config),
  });
  queue.on("error", () => {});
  const { id, ...repeat } = ANALYTICS_ROLLUP_SCHEDULE;
  await queue.upsertJobScheduler(id, repeat, {
    name: "rollup",
    data: {},
    opts: {
      attempts: 3,
      backoff: { type: "exponential", delay: 10_000 },
      removeOnComplete: 30,
      removeOnFail: 30,
    },
  });
  const worker = new Worker<AnalyticsRollupJob>(
    ANALYTICS_ROLLUP_QUEUE,
    async (job) => {
      const data = analyticsRollupJobSchema.parse(job.data);
      if (data.tenantId && data.from !== undefined && data.to !== undefined)
        return { hours: await recountDays(deps.db, data.tenantId, data.from, data.to) };
      const result = await runAnalyticsRollup(deps);
      if (result.hours) logger?.info(result, "analytics rolled up");
      return result;
    },
    { connection: bullConnection(config), prefix: bullPrefix(config), concurrency: 1 },
  );
  worker.on("failed", (_job, error) =>
    logger?.warn({ err: error }, "analytics rollup failed; it will be retried"),
  );
  return {
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}
