import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, toJson } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { availableAgents, engineProcesses, manualClock } from "@ringflow/queues/testing";
import { recountDays, runAnalyticsRollup } from "./analytics-rollup.worker.ts";
import { keepHoldEvent } from "./analytics-rollup.writer.ts";

const db = createDb(testDatabaseUrl(), { max: 2 });
// The engine's own clock, moved by hand: an hour of contact-center life in a few steps.
const start = Date.UTC(2026, 10, 30, 13, 50);
const time = manualClock(start);
const { engines, close } = engineProcesses(1, time.clock);
const engine = engines[0]!;
const S = 1000;
let tenantId: string;
let queueId: string;
let agentId: string;
let flowVersionId: string;
/** The call Ada answered at 14:00:12 and finished at 14:05:12. */
let answeredCall: string;

async function logCall(opts: { at: number; test?: boolean; hangUpIn: "menu" | "billing" }) {
  const call = await db.call.create({
    data: {
      tenantId,
      provider: "TWILIO",
      providerCallId: `CA${randomBytes(16).toString("hex")}`,
      direction: "INBOUND",
      fromNumber: "+14155550100",
      toNumber: "+14155550199",
      flowId: (await db.flowVersion.findUniqueOrThrow({ where: { id: flowVersionId } })).flowId,
      flowVersionId,
      startedAt: new Date(opts.at),
      test: opts.test ?? false,
    },
  });
  const rows = [
    { type: "enter", nodeId: "menu", port: null, reason: "" },
    ...(opts.hangUpIn === "billing"
      ? [
          { type: "resume", nodeId: "menu", port: "1", reason: "" },
          { type: "enter", nodeId: "billing", port: null, reason: "" },
        ]
      : []),
    { type: "end", nodeId: opts.hangUpIn, port: null, reason: "call ended: the caller hung up" },
  ];
  await db.callEvent.createMany({
    data: rows.map((r, seq) => ({
      tenantId,
      callId: call.id,
      seq,
      at: new Date(opts.at + seq * 30 * S),
      type: r.type,
      nodeId: r.nodeId,
      port: r.port,
      data: toJson({ reason: r.reason }),
    })),
  });
  return call;
}

const blockCounts = async () =>
  (
    await db.analyticsBlockHour.findMany({
      where: { tenantId },
      orderBy: [{ nodeId: "asc" }, { exit: "asc" }, { hour: "asc" }],
    })
  ).map(
    (r) =>
      `${new Date(r.hour).toISOString().slice(11, 16)} ${r.nodeId}/${r.exit} in ${r.entered} left ${r.left} hung ${r.hungUp}`,
  );
const queueRow = async () =>
  db.analyticsQueueHour.findMany({ where: { tenantId, queueId }, orderBy: { hour: "asc" } });

beforeAll(async () => {
  const tenant = await db.tenant.create({
    data: { name: "Rollup", slug: `rollup-${randomBytes(5).toString("hex")}` },
  });
  tenantId = tenant.id;
  await db.analyticsSetting.create({ data: { tenantId, timeZone: "Europe/Paris" } });
  const flow = await db.flow.create({ data: { tenantId, name: "Main", draft: {} } });
  flowVersionId = (
    await db.flowVersion.create({
      data: { tenantId, flowId: flow.id, number: 1, document: {}, schemaVersion: 2, checksum: "x" },
    })
  ).id;
  queueId = (await db.queue.create({ data: { tenantId, name: "Support", serviceLevelSeconds: 20 } })).id;
  agentId = (await db.agent.create({ data: { tenantId, displayName: "Ada", extension: "101" } })).id;
});
afterAll(async () => {
  await db.tenant.delete({ where: { id: tenantId } });
  await close();
  await db.$disconnect();
});

// A run walks every tenant of the shared test database and recounts each one's new log rows: how long that
// takes depends on the other files' data and on the machine's load, not on this file's few rows.
describe("analytics rollup job", { timeout: 60_000 }, () => {
  it("rolls up the log and the engine's events, excludes test calls, and is the same when run again", async () => {
    await engine.configureQueue(tenantId, { queueId, wrapUpSeconds: 30 });
    await availableAgents(engine, tenantId, queueId, [agentId]); // 13:50 available
    time.advance(10 * 60 * S); // 14:00
    const offer = (
      await engine.enqueue(tenantId, { queueId, callId: randomUUID(), reaches: ["twilio-client"] })
    ).offers[0]!;
    time.advance(12 * S);
    await engine.accept(tenantId, offer.offerId, agentId); // answered after 12 s
    answeredCall = offer.callId;
    time.advance(5 * 60 * S);
    await engine.complete(tenantId, offer.callId); // 300 s on the call, then wrap-up
    time.advance(30 * S);
    await engine.tick(tenantId); // wrap-up over: available again
    const abandonedCall = randomUUID();
    await engine.enqueue(tenantId, { queueId, callId: abandonedCall, reaches: ["sip"] }); // nobody reaches sip
    time.advance(40 * S);
    await engine.abandon(tenantId, abandonedCall);

    await logCall({ at: Date.UTC(2026, 10, 30, 13, 10), hangUpIn: "billing" }); // 14:10 in Paris
    await logCall({ at: Date.UTC(2026, 10, 30, 13, 20), hangUpIn: "menu" });
    await logCall({ at: Date.UTC(2026, 10, 30, 13, 25), hangUpIn: "menu", test: true });

    await runAnalyticsRollup({ db, engine, clock: time.clock });
    const first = { blocks: await blockCounts(), queue: await queueRow() };
    expect(first.blocks).toEqual([
      "13:00 billing/ in 1 left 0 hung 1",
      "13:00 menu/ in 2 left 0 hung 1",
      "13:00 menu/1 in 0 left 1 hung 0",
    ]);
    expect(first.queue).toHaveLength(1);
    expect(first.queue[0]).toMatchObject({
      hour: new Date(Date.UTC(2026, 10, 30, 14, 0)), // 15:00 in Paris
      offered: 2,
      answered: 1,
      answeredWithinThreshold: 1,
      abandoned: 1,
      shortAbandoned: 0,
      answerWaitMs: 12 * S,
      abandonWaitMs: 40 * S,
      handled: 1,
      handleMs: 300 * S,
      wrapUps: 1,
      wrapUpMs: 30 * S,
    });
    const agentHours = await db.analyticsAgentHour.findMany({
      where: { tenantId },
      orderBy: { hour: "asc" },
    });
    expect(agentHours.map((h) => h.handled)).toEqual([0, 1]);
    expect(agentHours[1]?.stateMs).toMatchObject({ "on-call": 300 * S, "wrap-up": 30 * S });

    // The stream read again from its start (every event redelivered): the same rows. A full recount of the
    // day: the same rows again.
    await db.analyticsCursor.delete({ where: { name: `queue-stream:${tenantId}` } });
    await runAnalyticsRollup({ db, engine, clock: time.clock });
    expect(await db.queueEventRecord.count({ where: { tenantId } })).toBe(
      (await engine.events(tenantId)).length,
    );
    await recountDays(db, tenantId, Date.UTC(2026, 10, 30), Date.UTC(2026, 11, 1), time.clock());
    expect({ blocks: await blockCounts(), queue: await queueRow() }).toEqual({
      blocks: first.blocks,
      queue: first.queue.map((q) => ({ ...q, id: expect.anything() })),
    });
  });

  it("counts the holds the call-control jobs logged, per queue and per agent, once however often it runs", async () => {
    const hold = (type: "call.held" | "call.resumed", at: number, requestId: string) =>
      keepHoldEvent(db, {
        type,
        tenantId,
        queueId,
        callId: answeredCall,
        agentId,
        at,
        test: false,
        requestId,
      });
    const at = (m: number, s: number) => Date.UTC(2026, 10, 30, 14, m, s);
    await hold("call.held", at(1, 0), "h1");
    await hold("call.resumed", at(2, 30), "h2"); // 90 s
    await hold("call.resumed", at(2, 30), "h2"); // a retried request: once
    await hold("call.held", at(4, 0), "h3"); // the caller hung up on hold: until the call ended at 14:05:12, 72 s
    for (const run of [1, 2]) {
      await runAnalyticsRollup({ db, engine, clock: time.clock });
      const [queueHour] = await queueRow();
      expect(queueHour, `run ${run}`).toMatchObject({ holds: 2, holdMs: 162 * S, handled: 1 });
      const agentHour = await db.analyticsAgentHour.findFirstOrThrow({
        where: { tenantId, agentId, hour: new Date(Date.UTC(2026, 10, 30, 14, 0)) },
      });
      expect(agentHour, `run ${run}`).toMatchObject({ holds: 2, holdMs: 162 * S });
    }
  });

  it("counts a late log row in its own hour and a redelivered one once", async () => {
    const late = await logCall({ at: Date.UTC(2026, 10, 30, 9, 5), hangUpIn: "menu" }); // 10:05 in Paris
    await db.callEvent.createMany({
      data: [
        {
          tenantId,
          callId: late.id,
          seq: 0,
          at: new Date(Date.UTC(2026, 10, 30, 9, 5)),
          type: "enter",
          nodeId: "menu",
        },
      ],
      skipDuplicates: true,
    });
    await runAnalyticsRollup({ db, engine, clock: time.clock });
    expect(await blockCounts()).toEqual([
      "13:00 billing/ in 1 left 0 hung 1",
      "09:00 menu/ in 1 left 0 hung 1",
      "13:00 menu/ in 2 left 0 hung 1",
      "13:00 menu/1 in 0 left 1 hung 0",
    ]);
  });

  it("recounts the tenant's history in its new time zone when it changes", async () => {
    const hours = async () => (await queueRow()).map((r) => r.hour.toISOString().slice(11, 16));
    expect(await hours()).toEqual(["14:00"]); // 15:00 in Paris
    await db.analyticsSetting.update({ where: { tenantId }, data: { timeZone: "Asia/Kolkata" } });
    await runAnalyticsRollup({ db, engine, clock: time.clock });
    // Calls that entered at 14:00 and 14:05 UTC (19:30 and 19:35 in India) count in the hour from 19:00 there.
    expect(await hours()).toEqual(["13:30"]);
    const [row] = await queueRow();
    expect(row).toMatchObject({ offered: 2, answered: 1, holds: 2, holdMs: 162 * S });
    await db.analyticsSetting.update({ where: { tenantId }, data: { timeZone: "Europe/Paris" } });
    await runAnalyticsRollup({ db, engine, clock: time.clock });
    expect(await hours()).toEqual(["14:00"]);
  });
});
