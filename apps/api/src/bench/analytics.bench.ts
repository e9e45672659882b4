// `npm run bench:analytics`: (1) rolls up 10 million synthetic call events (execution-log rows and queue/agent
// events of ~1.2 million calls over 30 days, a day at a time as the rollup job does) with @ringflow/analytics and
// times it; (2) stores those hourly rows in a scratch database and times every dashboard query of the analytics
// router over them (30-day and 7-day ranges, with and without filters): p50 and p95 of BENCH_RUNS runs each.
// Prints the figures; asserts nothing.
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import {
  agentSegments,
  holdSpans,
  HOUR_MS,
  localDay,
  localDayStart,
  rollupAgents,
  rollupBlocks,
  rollupCalls,
  rollupQueues,
  type CallRow,
  type LoggedCall,
} from "@ringflow/analytics";
import { createDb, toJson } from "@ringflow/db";
import { createScratchDatabase } from "@ringflow/db/testing";
import type { HoldEvent, QueueEvent } from "@ringflow/flow-schema";
import { goal, ms, percentile, sortedCopy, table } from "@ringflow/platform";
import { runPrisma } from "../../../../scripts/lib/prisma-cli.ts";
import { compareVersions, flowInsights } from "../services/analytics/insights.ts";
import { agentReport, funnelReport, queueReport, volumeReport } from "../services/analytics/reports.ts";

const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const DAYS = 30;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const AGENTS = 50;
const TIME_ZONE = "America/New_York";
const GOAL_ROLLUP_S = 120;
const GOAL_P95_MS = 200;
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";

// A deterministic pseudo-random sequence, so every run rolls up the same history.
let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;

const VERSIONS = ["00000000-0000-7000-8000-000000000001", "00000000-0000-7000-8000-000000000002"];
const QUEUES = [
  "00000000-0000-7000-8000-0000000000a1",
  "00000000-0000-7000-8000-0000000000a2",
  "00000000-0000-7000-8000-0000000000a3",
];
const AGENT_IDS = Array.from(
  { length: AGENTS },
  (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, "0")}`,
);
const NUMBERS = ["00000000-0000-7000-8000-0000000000b1", "00000000-0000-7000-8000-0000000000b2"];
const FLOW_ID = "00000000-0000-7000-8000-0000000000f1";

/** One synthetic day: calls through start → menu → (billing | support queue | hang up in the menu). */
function day(dayStart: number, calls: number) {
  const logged: LoggedCall[] = [];
  const rows: CallRow[] = [];
  const queueEvents: QueueEvent[] = [];
  const holdEvents: HoldEvent[] = [];
  let events = 0;
  for (let i = 0; i < calls; i++) {
    const at = dayStart + Math.floor(rand() * 24 * HOUR_MS);
    const callId = `c-${dayStart}-${i}`;
    const flowVersionId = pick(VERSIONS);
    const test = rand() < 0.01;
    const log: LoggedCall["events"][number][] = [
      { seq: 0, at, type: "call.start", nodeId: null, port: null, data: { test } },
      { seq: 1, at, type: "enter", nodeId: "start", port: "inbound", data: {} },
      { seq: 2, at, type: "enter", nodeId: "menu", port: null, data: {} },
    ];
    const r = rand();
    if (r < 0.15)
      log.push({
        seq: 3,
        at: at + 20_000,
        type: "end",
        nodeId: "menu",
        port: null,
        data: { reason: "call ended: the caller hung up" },
      });
    else if (r < 0.55) {
      log.push(
        { seq: 3, at: at + 15_000, type: "resume", nodeId: "menu", port: "billing", data: {} },
        { seq: 4, at: at + 15_000, type: "enter", nodeId: "billing", port: "next", data: {} },
        { seq: 5, at: at + 40_000, type: "enter", nodeId: "bye", port: null, data: {} },
        {
          seq: 6,
          at: at + 40_000,
          type: "end",
          nodeId: "bye",
          port: null,
          data: { reason: "call ended: hangup" },
        },
      );
    } else {
      const queueId = pick(QUEUES);
      log.push(
        { seq: 3, at: at + 15_000, type: "resume", nodeId: "menu", port: "support", data: {} },
        { seq: 4, at: at + 15_000, type: "enter", nodeId: "queue", port: null, data: {} },
      );
      const base = { tenantId: "t", queueId, callId, test };
      const entered = at + 15_000;
      queueEvents.push({ type: "queue.entered", ...base, at: entered, priority: 0 });
      const wait = Math.floor(rand() * 90_000);
      if (rand() < 0.12) {
        queueEvents.push({ type: "queue.abandoned", ...base, at: entered + wait, waitMs: wait });
        log.push({
          seq: 5,
          at: entered + wait,
          type: "end",
          nodeId: "queue",
          port: null,
          data: { reason: "the caller hung up in the queue" },
        });
      } else {
        const agentId = pick(AGENT_IDS);
        const talk = 60_000 + Math.floor(rand() * 400_000);
        // A quarter of the answered callers are put on hold once; one in twenty of those hangs up on hold.
        if (rand() < 0.25) {
          const held = entered + wait + Math.floor(talk / 3);
          const hold = { ...base, agentId, requestId: `${callId}:h` };
          holdEvents.push({ type: "call.held", ...hold, at: held });
          if (rand() >= 0.05)
            holdEvents.push({
              type: "call.resumed",
              ...hold,
              requestId: `${callId}:r`,
              at: held + 30_000 + Math.floor(rand() * 60_000),
            });
        }
        queueEvents.push(
          { type: "queue.answered", ...base, at: entered + wait, agentId, waitMs: wait },
          {
            type: "agent.state-changed",
            tenantId: "t",
            agentId,
            at: entered + wait,
            state: "on-call",
            reason: null,
            queueId,
          },
          {
            type: "agent.state-changed",
            tenantId: "t",
            agentId,
            at: entered + wait + talk,
            state: "wrap-up",
            reason: null,
            queueId,
          },
          {
            type: "agent.state-changed",
            tenantId: "t",
            agentId,
            at: entered + wait + talk + 30_000,
            state: "available",
            reason: null,
            queueId: null,
          },
        );
        log.push({
          seq: 5,
          at: entered + wait + talk,
          type: "end",
          nodeId: "queue",
          port: null,
          data: { reason: "call ended: transferred" },
        });
      }
    }
    events += log.length;
    logged.push({ callId, flowVersionId, test, events: log });
    rows.push({
      id: callId,
      test,
      flowId: FLOW_ID,
      flowVersionId,
      phoneNumberId: pick(NUMBERS),
      startedAt: at,
      endedAt: at + 60_000,
      durationSeconds: 60,
      queuedAt: null,
      agentAnsweredAt: null,
      outcome: r < 0.15 ? "caller-hangup" : "hangup",
    });
  }
  return { logged, rows, queueEvents, holdEvents, events: events + queueEvents.length + holdEvents.length };
}

const today = localDay(Date.now(), TIME_ZONE);
const firstDay = localDay(localDayStart(today, TIME_ZONE) - (DAYS - 1) * 86_400_000 + 3 * HOUR_MS, TIME_ZONE);
const dayStarts = Array.from(
  { length: DAYS },
  (_, i) => localDayStart(firstDay, TIME_ZONE) + i * 86_400_000,
).map((t) => localDayStart(localDay(t + 3 * HOUR_MS, TIME_ZONE), TIME_ZONE));
// ~8.4 events a call; a first small day measures it.
const perCall = day(dayStarts[0]!, 2_000).events / 2_000;
const callsPerDay = Math.ceil(TARGET_EVENTS / perCall / DAYS);
const queueSettings = new Map(QUEUES.map((q) => [q, { thresholdSeconds: 20, shortAbandonSeconds: 5 }]));

let generateMs = 0;
let rollupMs = 0;
let events = 0;
let calls = 0;
const out = {
  blocks: [] as ReturnType<typeof rollupBlocks>,
  calls: [] as ReturnType<typeof rollupCalls>,
  queues: [] as ReturnType<typeof rollupQueues>,
  agents: [] as ReturnType<typeof rollupAgents>,
};
for (const start of dayStarts) {
  let t = performance.now();
  const d = day(start, callsPerDay);
  generateMs += performance.now() - t;
  t = performance.now();
  out.blocks.push(...rollupBlocks(d.logged, TIME_ZONE));
  out.calls.push(...rollupCalls(d.rows, TIME_ZONE));
  const holds = holdSpans(d.holdEvents, agentSegments(d.queueEvents), start + 86_400_000);
  out.queues.push(...rollupQueues(d.queueEvents, { timeZone: TIME_ZONE, queues: queueSettings, holds }));
  out.agents.push(
    ...rollupAgents(d.queueEvents, { timeZone: TIME_ZONE, from: start, until: start + 86_400_000, holds }),
  );
  rollupMs += performance.now() - t;
  events += d.events;
  calls += d.rows.length;
}
/** A day's rows and the next day's can share an hour (a call just before midnight): added together once. */
function merge<T extends { hour: number }>(rows: T[], key: (r: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const r of rows) {
    const k = `${r.hour}|${key(r)}`;
    const seen = byKey.get(k) as Record<string, unknown> | undefined;
    if (!seen) byKey.set(k, { ...r });
    else
      for (const [f, v] of Object.entries(r))
        if (typeof v === "number" && f !== "hour") seen[f] = ((seen[f] as number | undefined) ?? 0) + v;
  }
  return [...byKey.values()];
}
out.blocks = merge(out.blocks, (r) => `${r.flowVersionId}|${r.nodeId}|${r.exit}`);
out.calls = merge(out.calls, (r) => `${r.flowVersionId}|${r.phoneNumberId}`);
out.queues = merge(out.queues, (r) => r.queueId);
out.agents = merge(out.agents, (r) => r.agentId);
console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} (shared)`,
);
console.log(
  `rolled up ${(events / 1e6).toFixed(2)} million events of ${(calls / 1e6).toFixed(2)} million calls (${DAYS} days, ${TIME_ZONE}) in ${(rollupMs / 1000).toFixed(1)} s ` +
    `(${Math.round(events / (rollupMs / 1000)).toLocaleString("en-US")} events/s; generating them took ${(generateMs / 1000).toFixed(1)} s) — goal under ${GOAL_ROLLUP_S} s: ${goal(rollupMs / 1000 < GOAL_ROLLUP_S)}`,
);
console.log(
  `hour rows: ${out.blocks.length} block, ${out.calls.length} call, ${out.queues.length} queue, ${out.agents.length} agent`,
);

// (2) The dashboard queries over those rows, in a scratch database.
const scratch = await createScratchDatabase("bench_analytics");
try {
  await runPrisma(["migrate", "deploy"], scratch.url, { quiet: true });
  const db = createDb(scratch.url, { max: 4 });
  const tenant = await db.tenant.create({ data: { name: "Bench", slug: "bench" } });
  const tenantId = tenant.id;
  await db.analyticsSetting.create({ data: { tenantId, timeZone: TIME_ZONE } });
  const node = (id: string, kind: string, label: string) => ({
    id,
    kind,
    kindVersion: 1,
    label,
    position: { x: 0, y: 0 },
    params: {},
  });
  const document = {
    schemaVersion: 2,
    name: "Bench",
    description: "",
    languages: { default: "en-US", supported: ["en-US"] },
    variables: [],
    nodes: [
      node("start", "start", "Start"),
      node("menu", "menu", "Main menu"),
      node("billing", "say", "Billing"),
      node("queue", "enqueue", "Support queue"),
      node("bye", "hangup", "Goodbye"),
    ],
    edges: [],
    settings: {},
  };
  await db.flow.create({ data: { id: FLOW_ID, tenantId, name: "Bench", draft: toJson(document) } });
  for (const [i, id] of VERSIONS.entries())
    await db.flowVersion.create({
      data: {
        id,
        tenantId,
        flowId: FLOW_ID,
        number: i + 1,
        document: toJson(document),
        schemaVersion: 2,
        checksum: id,
      },
    });
  for (const [i, id] of QUEUES.entries())
    await db.queue.create({ data: { id, tenantId, name: `Queue ${i + 1}` } });
  for (const [i, id] of AGENT_IDS.entries())
    await db.agent.create({
      data: { id, tenantId, displayName: `Agent ${i + 1}`, extension: String(100 + i) },
    });
  const insert = async <T>(rows: T[], write: (batch: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 5_000) await write(rows.slice(i, i + 5_000));
  };
  const hour = (h: number) => new Date(h);
  await insert(out.blocks, (b) =>
    db.analyticsBlockHour.createMany({
      data: b.map((r) => ({ ...r, tenantId, flowId: FLOW_ID, hour: hour(r.hour) })),
    }),
  );
  await insert(out.calls, (b) =>
    db.analyticsCallHour.createMany({ data: b.map((r) => ({ ...r, tenantId, hour: hour(r.hour) })) }),
  );
  await insert(out.queues, (b) =>
    db.analyticsQueueHour.createMany({ data: b.map((r) => ({ ...r, tenantId, hour: hour(r.hour) })) }),
  );
  await insert(out.agents, (b) =>
    db.analyticsAgentHour.createMany({
      data: b.map((r) => ({
        ...r,
        tenantId,
        hour: hour(r.hour),
        stateMs: toJson(r.stateMs),
        dispositions: toJson(r.dispositions),
      })),
    }),
  );
  await db.$executeRawUnsafe("analyze");

  const month = { from: firstDay, to: today };
  const week = {
    from: localDay(localDayStart(today, TIME_ZONE) - 6 * 86_400_000 + 3 * HOUR_MS, TIME_ZONE),
    to: today,
  };
  const queries: [string, () => Promise<unknown>][] = [
    ["insights, 30 days", () => flowInsights(db, tenantId, { flowId: FLOW_ID, version: 2, ...month })],
    ["insights, 7 days", () => flowInsights(db, tenantId, { flowId: FLOW_ID, version: 2, ...week })],
    [
      "compare versions, 30 days",
      () => compareVersions(db, tenantId, { flowId: FLOW_ID, before: 1, after: 2, ...month }),
    ],
    ["volume, 30 days", () => volumeReport(db, tenantId, month)],
    [
      "volume, 30 days, one flow and number",
      () => volumeReport(db, tenantId, { ...month, flowId: FLOW_ID, numberId: NUMBERS[0] }),
    ],
    ["funnel, 30 days", () => funnelReport(db, tenantId, { flowId: FLOW_ID, ...month })],
    ["queues, 30 days", () => queueReport(db, tenantId, month)],
    ["queues, 30 days, one queue", () => queueReport(db, tenantId, { ...month, queueId: QUEUES[0] })],
    ["agents, 30 days", () => agentReport(db, tenantId, month)],
    ["agents, 30 days, one agent", () => agentReport(db, tenantId, { ...month, agentId: AGENT_IDS[0] })],
  ];
  const rows = [["query", "p50", "p95", `goal p95 < ${GOAL_P95_MS} ms`]];
  for (const [name, run] of queries) {
    await run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    const sorted = sortedCopy(times);
    rows.push([
      name,
      ms(percentile(sorted, 50)),
      ms(percentile(sorted, 95)),
      goal(percentile(sorted, 95) < GOAL_P95_MS),
    ]);
  }
  console.log(
    `\ndashboard queries over the hourly rows of ${(calls / 1e6).toFixed(2)} million calls (${RUNS} runs each):`,
  );
  console.log(table(rows));
  await db.$disconnect();
} finally {
  await scratch.drop();
}
