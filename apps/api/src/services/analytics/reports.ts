import {
  agentSummary,
  localDay,
  queueSummary,
  type AgentTotals,
  type QueueTotals,
} from "@ringflow/analytics";
import { Prisma, type Db } from "@ringflow/db";
import { agentStateSchema } from "@ringflow/flow-schema";
import { flowInsights } from "./insights.ts";
import { dayRange, daysOf } from "./range.ts";

interface Days {
  from: string;
  to: string;
}
const avg = (sum: number, n: number) => (n > 0 ? Math.round((sum / n) * 10) / 10 : null);

/** Calls per local day (never test calls), optionally of one flow or one number. */
export async function volumeReport(
  db: Db,
  tenantId: string,
  input: Days & { flowId?: string; numberId?: string },
) {
  const range = await dayRange(db, tenantId, input);
  const rows = await db.analyticsCallHour.groupBy({
    by: ["hour"],
    where: {
      tenantId,
      hour: range.hour,
      ...(input.flowId ? { flowId: input.flowId } : {}),
      ...(input.numberId ? { phoneNumberId: input.numberId } : {}),
    },
    _sum: {
      calls: true,
      ended: true,
      durationSeconds: true,
      queued: true,
      agentAnswered: true,
      callerHungUp: true,
      errors: true,
    },
  });
  const days = new Map(
    daysOf(range).map((day) => [
      day,
      {
        day,
        calls: 0,
        ended: 0,
        durationSeconds: 0,
        queued: 0,
        agentAnswered: 0,
        callerHungUp: 0,
        errors: 0,
      },
    ]),
  );
  for (const r of rows) {
    const d = days.get(localDay(r.hour.getTime(), range.timeZone));
    if (!d) continue;
    for (const k of Object.keys(r._sum) as (keyof typeof r._sum)[]) d[k] += r._sum[k] ?? 0;
  }
  const series = [...days.values()].map(({ durationSeconds, ...d }) => ({
    ...d,
    averageDurationSeconds: avg(durationSeconds, d.ended),
  }));
  const total = series.reduce((n, d) => n + d.calls, 0);
  return { timeZone: range.timeZone, total, series };
}

/** The flow's blocks in the order callers reach them most, each with its share of the callers who came in. */
export async function funnelReport(
  db: Db,
  tenantId: string,
  input: Days & { flowId: string; version?: number },
) {
  const insights = await flowInsights(db, tenantId, input);
  const steps = insights.blocks
    .filter((b) => b.entered > 0)
    .sort((a, b) => b.entered - a.entered)
    .map((b) => ({
      nodeId: b.nodeId,
      name: b.name,
      entered: b.entered,
      hungUp: b.hungUp,
      share: insights.callers > 0 ? b.entered / insights.callers : null,
    }));
  return { version: insights.version, callers: insights.callers, steps, dropOffs: insights.dropOffs };
}

const QUEUE_SUMS = {
  offered: true,
  answered: true,
  abandoned: true,
  shortAbandoned: true,
  answeredWithinThreshold: true,
  overflowed: true,
  callbacks: true,
  answerWaitMs: true,
  abandonWaitMs: true,
  handled: true,
  handleMs: true,
  wrapUps: true,
  wrapUpMs: true,
  holds: true,
  holdMs: true,
} as const;
const totals = (sum: Record<string, number | null>) =>
  Object.fromEntries(Object.keys(QUEUE_SUMS).map((k) => [k, sum[k] ?? 0])) as QueueTotals;

/**
 * The contact center over local days: totals with the wallboard's definitions (service level, average speed
 * of answer, handle, wrap-up and hold time), each queue, and service level per day.
 */
export async function queueReport(db: Db, tenantId: string, input: Days & { queueId?: string }) {
  const range = await dayRange(db, tenantId, input);
  const where = { tenantId, hour: range.hour, ...(input.queueId ? { queueId: input.queueId } : {}) };
  const [byQueue, byHour, queues] = await Promise.all([
    db.analyticsQueueHour.groupBy({ by: ["queueId"], where, _sum: QUEUE_SUMS }),
    db.analyticsQueueHour.groupBy({ by: ["hour"], where, _sum: QUEUE_SUMS }),
    db.queue.findMany({ where: { tenantId }, select: { id: true, name: true, serviceLevelSeconds: true } }),
  ]);
  const names = new Map(queues.map((q) => [q.id, q]));
  const all = totals(
    Object.fromEntries(
      Object.keys(QUEUE_SUMS).map((k) => [
        k,
        byQueue.reduce((n, r) => n + ((r._sum as Record<string, number | null>)[k] ?? 0), 0),
      ]),
    ),
  );
  const days = new Map(daysOf(range).map((day) => [day, totals({})]));
  for (const r of byHour) {
    const d = days.get(localDay(r.hour.getTime(), range.timeZone));
    if (!d) continue;
    for (const k of Object.keys(QUEUE_SUMS) as (keyof QueueTotals)[])
      d[k] += (r._sum as Record<string, number | null>)[k] ?? 0;
  }
  return {
    timeZone: range.timeZone,
    totals: queueSummary(all),
    queues: byQueue
      .filter((r) => names.has(r.queueId))
      .map((r) => ({
        queueId: r.queueId,
        name: names.get(r.queueId)?.name ?? "",
        thresholdSeconds: names.get(r.queueId)?.serviceLevelSeconds ?? 0,
        ...queueSummary(totals(r._sum as Record<string, number | null>)),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    series: [...days].map(([day, t]) => {
      const s = queueSummary(t);
      return {
        day,
        offered: s.offered,
        answered: s.answered,
        abandoned: s.abandoned,
        serviceLevel: s.serviceLevel,
      };
    }),
  };
}

/** Sums of an agent's hour rows, each state's time read from `stateMs` by key (no row expanded). */
const agentSums = Prisma.raw(
  [
    ...["handled", "handleMs", "wrapUpMs", "holds", "holdMs", "signedInMs", "workingMs"].map(
      (c) => `sum("${c}")::float8 as "${c}"`,
    ),
    ...agentStateSchema.options.map((s) => `sum(("stateMs"->>'${s}')::float8)::float8 as "state:${s}"`),
  ].join(", "),
);
type AgentSumRow = { agentId: string } & Record<string, number | null>;

/** Each agent over local days: calls handled, average handle, wrap-up and hold, availability, time per state, dispositions. */
export async function agentReport(db: Db, tenantId: string, input: Days & { agentId?: string }) {
  const range = await dayRange(db, tenantId, input);
  const where = Prisma.sql`where "tenantId" = ${tenantId}::uuid and hour >= ${range.hour.gte} and hour < ${range.hour.lt}
    ${input.agentId ? Prisma.sql`and "agentId" = ${input.agentId}::uuid` : Prisma.empty}`;
  // One pass over the hour rows grouped by agent; only the rows that hold dispositions are expanded, most used first
  // (then by name) so the report and its CSV list them in the same order every time.
  const [sums, dispositions, agents] = await Promise.all([
    db.$queryRaw<AgentSumRow[]>`
      select "agentId"::text as "agentId", ${agentSums} from "AnalyticsAgentHour" ${where} group by "agentId"`,
    db.$queryRaw<{ agentId: string; key: string; value: number }[]>`
      select "agentId"::text as "agentId", e.key, sum(e.value::float8)::float8 as value
      from "AnalyticsAgentHour", jsonb_each_text("dispositions") as e(key, value)
      ${where} and "dispositions" <> '{}'::jsonb
      group by "agentId", e.key
      order by value desc, e.key`,
    db.agent.findMany({ where: { tenantId }, select: { id: true, displayName: true, extension: true } }),
  ]);
  const dispositionsOf = new Map<string, Record<string, number>>();
  for (const r of dispositions) {
    const map = dispositionsOf.get(r.agentId) ?? {};
    map[r.key] = r.value;
    dispositionsOf.set(r.agentId, map);
  }
  const names = new Map(agents.map((a) => [a.id, a]));
  return {
    timeZone: range.timeZone,
    agents: sums
      .filter((s) => names.has(s.agentId))
      .map((s) => {
        const stateMs = Object.fromEntries(
          agentStateSchema.options.flatMap((state) => {
            const ms = s[`state:${state}`];
            return ms == null ? [] : [[state, ms]];
          }),
        );
        const t = {
          agentId: s.agentId,
          handled: s.handled ?? 0,
          handleMs: s.handleMs ?? 0,
          wrapUpMs: s.wrapUpMs ?? 0,
          holds: s.holds ?? 0,
          holdMs: s.holdMs ?? 0,
          signedInMs: s.signedInMs ?? 0,
          workingMs: s.workingMs ?? 0,
          stateMs,
          dispositions: dispositionsOf.get(s.agentId) ?? {},
        } as AgentTotals;
        return { agentId: s.agentId, name: names.get(s.agentId)?.displayName ?? "", ...agentSummary(t) };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
