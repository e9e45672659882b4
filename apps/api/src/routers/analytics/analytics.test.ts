import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, outcome } from "../../testing/harness.ts";

const h = createHarness();
let ws: Awaited<ReturnType<typeof h.workspace>>;
let other: Awaited<ReturnType<typeof h.workspace>>;
let flowId: string;
let versionId: string;
let queueId: string;
let agentId: string;
const at = (iso: string) => new Date(iso);
const days = { from: "2026-11-30", to: "2026-11-30" };
const S = 1000;

const block = (
  hour: string,
  nodeId: string,
  exit: string,
  n: Partial<Record<"entered" | "left" | "hungUp" | "errors", number>>,
) => ({
  tenantId: ws.tenantId,
  hour: at(hour),
  flowId,
  flowVersionId: versionId,
  nodeId,
  exit,
  entered: 0,
  left: 0,
  hungUp: 0,
  errors: 0,
  ...n,
});

beforeAll(async () => {
  ws = await h.workspace("analytics");
  other = await h.workspace("analytics-other");
  // Days in New York: 04:30 UTC on Nov 30 is still Nov 29 there.
  await h.db.analyticsSetting.create({ data: { tenantId: ws.tenantId, timeZone: "America/New_York" } });
  const flow = await ws.caller.flows.create({ name: "Main", templateId: "mainMenu" });
  flowId = flow.id;
  await ws.caller.flows.publish({ flowId, changelog: "v1" });
  versionId = (await h.db.flowVersion.findFirstOrThrow({ where: { flowId, number: 1 } })).id;
  await h.db.analyticsBlockHour.createMany({
    data: [
      block("2026-11-30T14:00:00Z", "start", "", { entered: 60 }),
      block("2026-11-30T15:00:00Z", "start", "", { entered: 40 }),
      block("2026-11-30T14:00:00Z", "mainMenu", "", { entered: 50, hungUp: 20, errors: 1 }),
      block("2026-11-30T15:00:00Z", "mainMenu", "", { entered: 50, hungUp: 18 }),
      block("2026-11-30T14:00:00Z", "mainMenu", "support", { left: 30 }),
      block("2026-11-30T15:00:00Z", "mainMenu", "support", { left: 32 }),
      block("2026-11-30T14:00:00Z", "welcome", "", { entered: 100, hungUp: 9 }), // 9%: not a drop-off
      block("2026-11-30T04:30:00Z", "mainMenu", "", { entered: 7, hungUp: 7 }), // Nov 29 in New York
    ],
  });
  await h.db.analyticsCallHour.createMany({
    data: [
      { hour: at("2026-11-30T04:00:00Z"), calls: 5, ended: 5, durationSeconds: 500 }, // Nov 29 23:00 local
      { hour: at("2026-11-30T05:00:00Z"), calls: 3, ended: 2, durationSeconds: 100, queued: 1 },
      { hour: at("2026-11-30T20:00:00Z"), calls: 4, ended: 4, durationSeconds: 300, callerHungUp: 1 },
    ].map((r) => ({
      tenantId: ws.tenantId,
      flowId,
      flowVersionId: versionId,
      queued: 0,
      agentAnswered: 0,
      callerHungUp: 0,
      errors: 0,
      ...r,
    })),
  });
  queueId = (await h.db.queue.create({ data: { tenantId: ws.tenantId, name: "Support" } })).id;
  agentId = (
    await h.db.agent.create({ data: { tenantId: ws.tenantId, displayName: "Ada", extension: "101" } })
  ).id;
  const q = (hour: string, n: Record<string, number>) => ({
    tenantId: ws.tenantId,
    hour: at(hour),
    queueId,
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    answeredWithinThreshold: 0,
    overflowed: 0,
    callbacks: 0,
    answerWaitMs: 0,
    abandonWaitMs: 0,
    handled: 0,
    handleMs: 0,
    wrapUps: 0,
    wrapUpMs: 0,
    holds: 0,
    holdMs: 0,
    ...n,
  });
  await h.db.analyticsQueueHour.createMany({
    data: [
      q("2026-11-30T14:00:00Z", {
        offered: 10,
        answered: 8,
        answeredWithinThreshold: 6,
        abandoned: 2,
        shortAbandoned: 1,
        answerWaitMs: 80 * S,
        handled: 8,
        handleMs: 8 * 200 * S,
        wrapUps: 8,
        wrapUpMs: 8 * 30 * S,
        holds: 2,
        holdMs: 8 * 10 * S,
      }),
      q("2026-11-30T15:00:00Z", {
        offered: 10,
        answered: 10,
        answeredWithinThreshold: 10,
        answerWaitMs: 50 * S,
        handled: 10,
        handleMs: 10 * 110 * S,
        wrapUps: 10,
        wrapUpMs: 10 * 30 * S,
        callbacks: 1,
      }),
    ],
  });
  const a = (hour: string, n: Record<string, unknown>) => ({
    tenantId: ws.tenantId,
    hour: at(hour),
    agentId,
    handled: 0,
    handleMs: 0,
    wrapUpMs: 0,
    signedInMs: 3600 * S,
    workingMs: 3600 * S,
    stateMs: {},
    dispositions: {},
    ...n,
  });
  await h.db.analyticsAgentHour.createMany({
    data: [
      a("2026-11-30T14:00:00Z", {
        handled: 4,
        handleMs: 4 * 300 * S,
        wrapUpMs: 4 * 20 * S,
        holds: 3,
        holdMs: (40 + 25 + 55) * S,
        stateMs: { "on-call": 1200 * S, available: 2400 * S },
        dispositions: { sale: 3, support: 1 },
      }),
      a("2026-11-30T15:00:00Z", {
        handled: 2,
        handleMs: 2 * 150 * S,
        wrapUpMs: 2 * 40 * S,
        holds: 1,
        holdMs: 30 * S,
        workingMs: 1800 * S,
        stateMs: { "on-call": 300 * S, away: 1800 * S, available: 1500 * S },
        dispositions: { sale: 1 },
      }),
    ],
  });
}, 60_000);
afterAll(() => h.close());

describe("analytics API", () => {
  it("gives per-block and per-exit counts of a version over local days, with drop-offs in words", async () => {
    const r = await ws.caller.analytics.insights({ flowId, ...days });
    expect(r.version.number).toBe(1);
    expect(r.timeZone).toBe("America/New_York");
    expect(r.callers).toBe(100);
    const menu = r.blocks.find((b) => b.nodeId === "mainMenu");
    expect(menu).toMatchObject({ entered: 100, hungUp: 38, errors: 1, exits: { support: 62 } });
    expect(r.dropOffs).toHaveLength(1);
    expect(r.dropOffs[0]?.sentence).toMatch(
      /^38% of callers hang up in (\S.*?)( — the prompt is \d+ s long)?$/,
    );
    // The 04:30 UTC row belongs to Nov 29 in New York.
    const day29 = await ws.caller.analytics.insights({ flowId, from: "2026-11-29", to: "2026-11-29" });
    expect(day29.blocks.find((b) => b.nodeId === "mainMenu")).toMatchObject({ entered: 7, hungUp: 7 });
  });

  it("compares two versions over the same days", async () => {
    const v1 = await h.db.flowVersion.findUniqueOrThrow({ where: { id: versionId } });
    await h.db.flowVersion.create({
      data: {
        tenantId: ws.tenantId,
        flowId,
        number: 2,
        document: v1.document ?? {},
        schemaVersion: 2,
        checksum: "v2",
      },
    });
    const r = await ws.caller.analytics.compareVersions({ flowId, before: 1, after: 2, ...days });
    expect(r.before.version.number).toBe(1);
    expect(r.after.blocks.every((b) => b.entered === 0)).toBe(true);
    expect(r.blocks.find((b) => b.nodeId === "mainMenu")).toMatchObject({
      hangUpShareBefore: 0.38,
      hangUpShareAfter: null,
    });
  });

  it("reports volume per local day, the funnel, the queues and the agents with the wallboard's definitions", async () => {
    const volume = await ws.caller.analytics.volume({ from: "2026-11-29", to: "2026-11-30" });
    expect(volume.series).toEqual([
      expect.objectContaining({ day: "2026-11-29", calls: 5, averageDurationSeconds: 100 }),
      expect.objectContaining({
        day: "2026-11-30",
        calls: 7,
        ended: 6,
        averageDurationSeconds: 66.7,
        queued: 1,
        callerHungUp: 1,
      }),
    ]);
    const funnel = await ws.caller.analytics.funnel({ flowId, version: 1, ...days });
    expect(funnel.steps.slice(0, 3).map((s) => [s.nodeId, s.entered, s.share])).toEqual([
      ["start", 100, 1],
      ["welcome", 100, 1],
      ["mainMenu", 100, 1],
    ]);
    const queues = await ws.caller.analytics.queueReport(days);
    expect(queues.totals).toMatchObject({
      offered: 20,
      answered: 18,
      abandoned: 2,
      shortAbandoned: 1,
      serviceLevel: 16 / 19, // within threshold / (offered − short abandons)
      abandonRate: 1 / 19,
      averageSpeedOfAnswerSeconds: 7.2, // 130 s / 18
      averageHandleSeconds: 150, // (1600 + 1100) s / 18
      averageWrapUpSeconds: 30,
      averageHoldSeconds: 4.4, // 80 s / 18
      callbacks: 1,
    });
    expect(queues.series).toEqual([
      { day: "2026-11-30", offered: 20, answered: 18, abandoned: 2, serviceLevel: 16 / 19 },
    ]);
    const agents = await ws.caller.analytics.agentReport({ ...days, agentId });
    expect(agents.agents).toEqual([
      expect.objectContaining({
        name: "Ada",
        handled: 6,
        averageHandleSeconds: 250,
        averageWrapUpSeconds: 26.7,
        holds: 4,
        averageHoldSeconds: 25, // (40 + 25 + 55 + 30) s / 6 calls
        availability: 5400 / 7200,
        stateSeconds: { "on-call": 1500, available: 3900, away: 1800 },
        dispositions: { sale: 4, support: 1 },
      }),
    ]);
  });

  it("exports each report as CSV", async () => {
    const volume = await ws.caller.analytics.flowCsv({
      report: "volume",
      from: "2026-11-29",
      to: "2026-11-30",
    });
    expect(volume.filename).toBe("call-volume-2026-11-29-to-2026-11-30.csv");
    expect(volume.csv.split("\r\n").slice(0, 2)).toEqual([
      "day,calls,ended,averageDurationSeconds,queued,agentAnswered,callerHungUp,errors",
      "2026-11-29,5,5,100,0,0,0,0",
    ]);
    const agents = await ws.caller.analytics.contactCenterCsv({ report: "agents", ...days });
    expect(agents.csv).toContain("Ada,6,250,26.7,25,0.75,7200,sale: 4; support: 1");
  });

  it("shows a workspace only its own numbers, and only to roles that may see them", async () => {
    expect(await outcome(other.caller.analytics.insights({ flowId, ...days }))).toBe("NOT_FOUND");
    expect((await other.caller.analytics.queueReport(days)).totals.offered).toBe(0);
    expect((await other.caller.analytics.volume(days)).total).toBe(0);
    const agent = await h.member(ws.tenantId, "AGENT");
    expect(await outcome(agent.caller.analytics.insights({ flowId, ...days }))).toBe("FORBIDDEN");
    const designer = await h.member(ws.tenantId, "DESIGNER");
    expect(await outcome(designer.caller.analytics.queueReport(days))).toBe("FORBIDDEN");
    expect((await designer.caller.analytics.volume(days)).total).toBe(7);
    const supervisor = await h.member(ws.tenantId, "SUPERVISOR");
    expect((await supervisor.caller.analytics.agentReport(days)).agents).toHaveLength(1);
    expect(await outcome(ws.caller.analytics.volume({ from: "2026-12-01", to: "2026-11-01" }))).toBe(
      "BAD_REQUEST",
    );
  });
});
