import { createHash } from "node:crypto";
import {
  HOUR_MS,
  agentSegments,
  holdSpans,
  hourStart,
  rollupAgents,
  rollupBlocks,
  rollupCalls,
  rollupQueues,
  type LoggedCall,
} from "@ringflow/analytics";
import { toJson, type Db } from "@ringflow/db";
import { holdEventSchema, queueEventSchema, type HoldEvent, type QueueEvent } from "@ringflow/flow-schema";

const DAY_MS = 24 * HOUR_MS;
/** A call or an agent's stretch lasts at most this long: recounting an hour reads this much around it. */
const REACH_MS = DAY_MS;

/** A tenant's reports are in UTC until an admin chooses a time zone. */
export const DEFAULT_TIME_ZONE = "UTC";

export const timeZoneOf = async (db: Db, tenantId: string) =>
  (await db.analyticsSetting.findUnique({ where: { tenantId }, select: { timeZone: true } }))?.timeZone ??
  DEFAULT_TIME_ZONE;

/** The queue events kept for analytics, one row per distinct event. */
export async function keepQueueEvents(
  db: Db,
  tenantId: string,
  events: readonly QueueEvent[],
): Promise<void> {
  if (!events.length) return;
  await db.queueEventRecord.createMany({
    data: events.map((event) => {
      const json = JSON.stringify(event);
      return {
        tenantId,
        key: createHash("sha256").update(json).digest("base64url"),
        at: new Date(event.at),
        type: event.type,
        event: toJson(event),
      };
    }),
    skipDuplicates: true,
  });
}

/** A hold or resume, kept beside the engine's events; once per request however often its job is retried. */
export async function keepHoldEvent(db: Db, event: HoldEvent): Promise<void> {
  await db.queueEventRecord.createMany({
    data: [
      {
        tenantId: event.tenantId,
        key: `${event.type}:${event.requestId}`,
        at: new Date(event.at),
        type: event.type,
        event: toJson(holdEventSchema.parse(event)),
      },
    ],
    skipDuplicates: true,
  });
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

/**
 * Recounts one tenant's local hours from `from` to `to` from what is stored (calls, log rows, queue events)
 * and replaces their rows in one transaction: the same stored data always gives the same rows, so a window
 * can be recounted any time and late rows land in their own hour.
 */
export async function recountWindow(
  db: Db,
  tenantId: string,
  window: { from: number; to: number; now: number },
): Promise<{ hours: number }> {
  const timeZone = await timeZoneOf(db, tenantId);
  const from = hourStart(window.from, timeZone);
  const to = hourStart(window.to - 1, timeZone) + HOUR_MS;
  const inWindow = (r: { hour: number }) => r.hour >= from && r.hour < to;
  const range = { gte: new Date(from), lt: new Date(to) };

  const calls = await db.call.findMany({
    where: { tenantId, test: false, startedAt: range },
    select: {
      id: true,
      test: true,
      flowId: true,
      flowVersionId: true,
      phoneNumberId: true,
      startedAt: true,
      endedAt: true,
      durationSeconds: true,
      queuedAt: true,
      agentAnsweredAt: true,
      outcome: true,
    },
  });
  const callHours = rollupCalls(
    calls.map((c) => ({
      ...c,
      startedAt: c.startedAt.getTime(),
      endedAt: ms(c.endedAt),
      queuedAt: ms(c.queuedAt),
      agentAnsweredAt: ms(c.agentAnsweredAt),
    })),
    timeZone,
  );

  const logRows = await db.$queryRaw<
    {
      callId: string;
      flowId: string;
      flowVersionId: string;
      seq: number;
      at: Date;
      type: string;
      nodeId: string | null;
      port: string | null;
      reason: string | null;
    }[]
  >`
    select e."callId", c."flowId", c."flowVersionId", e.seq, e.at, e.type, e."nodeId", e.port,
           e.data->>'reason' as reason
    from "CallEvent" e join "Call" c on c.id = e."callId" and c."tenantId" = e."tenantId"
    where e."tenantId" = ${tenantId}::uuid and e.at >= ${new Date(from)} and e.at < ${new Date(to)}
      and e.type in ('enter', 'resume', 'error', 'end') and c.test = false
      and c."flowVersionId" is not null and c."flowId" is not null`;
  const byCall = new Map<string, LoggedCall & { flowId: string }>();
  for (const r of logRows) {
    let call = byCall.get(r.callId);
    if (!call)
      byCall.set(
        r.callId,
        (call = {
          callId: r.callId,
          flowId: r.flowId,
          flowVersionId: r.flowVersionId,
          test: false,
          events: [],
        }),
      );
    (call.events as LoggedCall["events"][number][]).push({
      seq: r.seq,
      at: r.at.getTime(),
      type: r.type as LoggedCall["events"][number]["type"],
      nodeId: r.nodeId,
      port: r.port,
      data: { reason: r.reason },
    });
  }
  const flowOf = new Map([...byCall.values()].map((c) => [c.flowVersionId, c.flowId]));
  const blockHours = rollupBlocks(byCall.values(), timeZone);

  const [records, queues, wrapped] = await Promise.all([
    db.queueEventRecord.findMany({
      where: { tenantId, at: { gte: new Date(from - REACH_MS), lt: new Date(to + REACH_MS) } },
      select: { event: true },
      orderBy: { id: "asc" },
    }),
    db.queue.findMany({
      where: { tenantId },
      select: { id: true, serviceLevelSeconds: true, shortAbandonSeconds: true },
    }),
    db.call.findMany({
      where: {
        tenantId,
        test: false,
        agentId: { not: null },
        disposition: { not: null },
        OR: [{ wrappedUpAt: range }, { wrappedUpAt: null, endedAt: range }],
      },
      select: { id: true, agentId: true, disposition: true, wrappedUpAt: true, endedAt: true },
    }),
  ]);
  const events: QueueEvent[] = [];
  const holdEvents: HoldEvent[] = [];
  for (const r of records) {
    const hold = holdEventSchema.safeParse(r.event);
    if (hold.success) holdEvents.push(hold.data);
    const parsed = hold.success ? null : queueEventSchema.safeParse(r.event);
    if (parsed?.success) events.push(parsed.data);
  }
  const holds = holdSpans(holdEvents, agentSegments(events), window.now);
  const queueHours = rollupQueues(events, {
    timeZone,
    holds,
    queues: new Map(
      queues.map((q) => [
        q.id,
        { thresholdSeconds: q.serviceLevelSeconds, shortAbandonSeconds: q.shortAbandonSeconds },
      ]),
    ),
  }).filter(inWindow);
  const queueIds = new Set(queues.map((q) => q.id));
  const agentHours = rollupAgents(events, {
    timeZone,
    from,
    until: Math.min(to, window.now),
    holds,
    dispositions: wrapped.map((c) => ({
      agentId: c.agentId as string,
      callId: c.id,
      at: (c.wrappedUpAt ?? c.endedAt ?? new Date(0)).getTime(),
      disposition: c.disposition as string,
    })),
  }).filter(inWindow);
  const agentIds = new Set(
    (
      await db.agent.findMany({
        where: { tenantId, id: { in: [...new Set(agentHours.map((a) => a.agentId))] } },
        select: { id: true },
      })
    ).map((a) => a.id),
  );

  const hour = (h: number) => new Date(h);
  await db.$transaction([
    // Two runs recounting one tenant at once (a scheduled run beside a backfill) would each delete, then both
    // insert the same hours: the tenant's recounts take turns.
    db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`analytics-rollup:${tenantId}`}))`,
    db.analyticsCallHour.deleteMany({ where: { tenantId, hour: range } }),
    db.analyticsBlockHour.deleteMany({ where: { tenantId, hour: range } }),
    db.analyticsQueueHour.deleteMany({ where: { tenantId, hour: range } }),
    db.analyticsAgentHour.deleteMany({ where: { tenantId, hour: range } }),
    db.analyticsCallHour.createMany({ data: callHours.map((r) => ({ ...r, tenantId, hour: hour(r.hour) })) }),
    db.analyticsBlockHour.createMany({
      data: blockHours.map((r) => ({
        ...r,
        tenantId,
        hour: hour(r.hour),
        flowId: flowOf.get(r.flowVersionId) as string,
      })),
    }),
    // Queues and agents deleted since are left out (their rows would name nothing).
    db.analyticsQueueHour.createMany({
      data: queueHours
        .filter((r) => queueIds.has(r.queueId))
        .map((r) => ({ ...r, tenantId, hour: hour(r.hour) })),
    }),
    db.analyticsAgentHour.createMany({
      data: agentHours
        .filter((r) => agentIds.has(r.agentId))
        .map((r) => ({
          ...r,
          tenantId,
          hour: hour(r.hour),
          stateMs: toJson(r.stateMs),
          dispositions: toJson(r.dispositions),
        })),
    }),
  ]);
  return { hours: Math.round((to - from) / HOUR_MS) };
}

/**
 * The hours new data touched, per tenant, as disjoint windows: a late row from long ago recounts its own days,
 * not every day between it and today.
 */
export class DirtyWindows {
  readonly byTenant = new Map<string, { from: number; to: number }[]>();

  add(tenantId: string, from: number, to: number): void {
    let merged = { from, to };
    const kept: { from: number; to: number }[] = [];
    for (const w of this.byTenant.get(tenantId) ?? []) {
      if (w.to < merged.from || w.from > merged.to) kept.push(w);
      else merged = { from: Math.min(w.from, merged.from), to: Math.max(w.to, merged.to) };
    }
    kept.push(merged);
    this.byTenant.set(
      tenantId,
      kept.sort((a, b) => a.from - b.from),
    );
  }
}

export { DAY_MS, REACH_MS };
