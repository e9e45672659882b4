import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retentionOverview } from "../../services/recordings/retention.ts";
import { createHarness, outcome } from "../../testing/harness.ts";

describe("recordings.retention: what will be deleted when; legal holds", () => {
  const h = createHarness();
  let ws: Awaited<ReturnType<typeof h.workspace>>;
  let other: Awaited<ReturnType<typeof h.workspace>>;
  const utc = (iso: string) => new Date(`${iso}Z`);
  /** "Now" for the hand calculation: 10:00 in New York on 1 December. */
  const NOW = utc("2026-12-01T15:00:00").getTime();
  const ids: Record<string, { call: string; recording: string }> = {};
  let flowA: string;
  let flowB: string;

  async function recording(
    name: string,
    tenantId: string,
    r: {
      flowId?: string;
      deleteAfter: Date | null;
      held?: boolean;
      deleted?: boolean;
      sizeBytes?: number;
      kind?: string;
    },
  ) {
    const call = await h.db.call.create({
      data: {
        tenantId,
        provider: "TWILIO",
        providerCallId: `CA${randomBytes(16).toString("hex")}`,
        direction: "INBOUND",
        fromNumber: "+14155550100",
        toNumber: "+14155550199",
        status: "COMPLETED",
        flowId: r.flowId ?? null,
        startedAt: utc("2026-09-01T12:00:00"),
        ...(r.held ? { legalHoldAt: utc("2026-11-20T09:00:00"), legalHoldReason: "Case 2026-114" } : {}),
      },
    });
    const rec = await h.db.recording.create({
      data: {
        id: randomUUID(),
        tenantId,
        callId: call.id,
        status: r.deleted ? "DELETED" : "AVAILABLE",
        kind: r.kind ?? "call",
        mailbox: r.kind === "voicemail" ? "billing" : null,
        deleteAfter: r.deleteAfter,
        deletedAt: r.deleted ? utc("2026-11-25T03:17:00") : null,
        sizeBytes: r.sizeBytes ?? null,
        copiedAt: r.deleteAfter ? utc("2026-09-01T12:05:00") : null,
      },
    });
    ids[name] = { call: call.id, recording: rec.id };
  }

  beforeAll(async () => {
    ws = await h.workspace("retention");
    other = await h.workspace("retention-other");
    await h.db.analyticsSetting.create({ data: { tenantId: ws.tenantId, timeZone: "America/New_York" } });
    flowA = (
      await h.db.flow.create({
        data: { tenantId: ws.tenantId, name: "Pharmacy line", draft: {}, recordingRetentionDays: 30 },
      })
    ).id;
    flowB = (await h.db.flow.create({ data: { tenantId: ws.tenantId, name: "Main line", draft: {} } })).id;
    // The daily run is at 03:17 UTC, 22:17 the evening before in New York (UTC−5 in December).
    await recording("r1", ws.tenantId, { flowId: flowA, deleteAfter: utc("2026-12-03T02:00:00") }); // run 3 Dec 03:17Z: 2 Dec in NY
    await recording("r2", ws.tenantId, {
      flowId: flowA,
      deleteAfter: utc("2026-12-03T05:00:00"), // run 4 Dec 03:17Z: 3 Dec in NY
      sizeBytes: 1000,
    });
    await recording("r3", ws.tenantId, {
      flowId: flowB,
      deleteAfter: utc("2026-12-03T10:00:00"), // the same run
      sizeBytes: 500,
      kind: "voicemail",
    });
    await recording("r4", ws.tenantId, { flowId: flowB, deleteAfter: utc("2026-11-28T00:00:00") }); // overdue: the next run, 2 Dec 03:17Z, 1 Dec in NY
    await recording("r5", ws.tenantId, {
      flowId: flowB,
      deleteAfter: utc("2026-12-02T00:00:00"),
      held: true,
    });
    await recording("r6", ws.tenantId, {
      flowId: flowB,
      deleteAfter: utc("2026-12-02T00:00:00"),
      deleted: true,
    });
    await recording("r7", ws.tenantId, { flowId: flowB, deleteAfter: null }); // not copied yet
    await recording("r8", ws.tenantId, { flowId: flowB, deleteAfter: utc("2027-06-01T00:00:00") }); // past 60 days
    await recording("x1", other.tenantId, { deleteAfter: utc("2026-12-02T00:00:00") });
  });
  afterAll(() => h.close());

  it("counts the deletions of each coming day in the workspace's time zone, per flow and one by one", async () => {
    const r = await retentionOverview(h.db, ws.tenantId, { days: 60 }, NOW);
    expect(r.timeZone).toBe("America/New_York");
    expect(r.workspace).toEqual({ days: 90, purgesCallDetails: false, deletesAtProvider: false });
    expect(r.upcoming).toEqual([
      { day: "2026-12-01", recordings: 1, calls: 1, bytes: 0 }, // r4
      { day: "2026-12-02", recordings: 1, calls: 1, bytes: 0 }, // r1
      { day: "2026-12-03", recordings: 2, calls: 2, bytes: 1500 }, // r2, r3
    ]);
    expect(r.flows).toEqual([
      {
        flowId: flowB,
        name: "Main line",
        ownDays: null,
        days: 90,
        recordings: 3,
        nextDeletionDay: "2026-12-01",
      },
      {
        flowId: flowA,
        name: "Pharmacy line",
        ownDays: 30,
        days: 30,
        recordings: 2,
        nextDeletionDay: "2026-12-02",
      },
    ]);
    expect(r.soonest.map((s) => [s.recordingId, s.deletesOn, s.rule, s.flowName])).toEqual([
      [ids.r4!.recording, "2026-12-01", "workspace", "Main line"],
      [ids.r1!.recording, "2026-12-02", "flow", "Pharmacy line"],
      [ids.r2!.recording, "2026-12-03", "flow", "Pharmacy line"],
      [ids.r3!.recording, "2026-12-03", "workspace", "Main line"],
      [ids.r8!.recording, "2027-05-31", "workspace", "Main line"],
    ]);
    expect(r.legalHolds).toEqual([
      expect.objectContaining({ callId: ids.r5!.call, reason: "Case 2026-114", recordings: 1 }),
    ]);
    expect(r.notCopiedYet).toBe(1);
    // A shorter horizon counts fewer days; the other workspace sees none of it.
    expect((await retentionOverview(h.db, ws.tenantId, { days: 1 }, NOW)).upcoming).toEqual([
      { day: "2026-12-01", recordings: 1, calls: 1, bytes: 0 },
    ]);
    const theirs = await retentionOverview(h.db, other.tenantId, { days: 60 }, NOW);
    expect(theirs.soonest.map((s) => s.recordingId)).toEqual([ids.x1!.recording]);
    expect(theirs.legalHolds).toEqual([]);
  });

  it("puts a call on legal hold and releases it, audited; only admins, only their own calls", async () => {
    const held = await ws.caller.recordings.setLegalHold({
      callId: ids.r2!.call,
      hold: true,
      reason: "Subpoena 88",
    });
    expect(held).toMatchObject({ callId: ids.r2!.call, legalHold: true });
    const during = await ws.caller.recordings.retention({ days: 366 });
    expect(during.soonest.map((s) => s.recordingId)).not.toContain(ids.r2!.recording);
    expect(during.legalHolds.map((c) => [c.callId, c.reason])).toEqual(
      expect.arrayContaining([[ids.r2!.call, "Subpoena 88"]]),
    );
    await ws.caller.recordings.setLegalHold({ callId: ids.r2!.call, hold: false });
    const after = await ws.caller.recordings.retention({ days: 366 });
    expect(after.soonest.map((s) => s.recordingId)).toContain(ids.r2!.recording);
    const audit = await h.db.auditLog.findMany({
      where: { tenantId: ws.tenantId, targetId: ids.r2!.call, action: { startsWith: "call.legal-hold" } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorUserId, a.data])).toEqual([
      ["call.legal-hold", ws.userId, { reason: "Subpoena 88" }],
      ["call.legal-hold-release", ws.userId, {}],
    ]);

    expect(
      await outcome(other.caller.recordings.setLegalHold({ callId: ids.r2!.call, hold: true, reason: "x" })),
    ).toBe("NOT_FOUND");
    const supervisor = await h.member(ws.tenantId, "SUPERVISOR");
    expect(await outcome(supervisor.caller.recordings.retention({}))).toBe("FORBIDDEN");
    expect(
      await outcome(supervisor.caller.recordings.setLegalHold({ callId: ids.r2!.call, hold: false })),
    ).toBe("FORBIDDEN");
    expect(
      await outcome(ws.caller.recordings.setLegalHold({ callId: ids.r2!.call, hold: true, reason: " " })),
    ).toBe("BAD_REQUEST");
  });

  it("changes the workspace's and a flow's days, dating the kept recordings again from when each was made", async () => {
    const made = utc("2026-09-01T12:00:00");
    await h.db.recording.updateMany({ where: { tenantId: ws.tenantId }, data: { createdAt: made } });
    const dueOf = async (name: string) =>
      (await h.db.recording.findUniqueOrThrow({ where: { id: ids[name]!.recording } })).deleteAfter;

    // Main line follows the workspace: 120 days after 1 September is 30 December.
    const workspace = await ws.caller.recordings.setRetention({
      days: 120,
      purgesCallDetails: true,
      deletesAtProvider: false,
    });
    expect(workspace.redated).toBe(4); // r3, r4, r5 (held, still dated), r8 of Main line; r6 deleted, r7 not copied
    expect(await dueOf("r3")).toEqual(utc("2026-12-30T12:00:00"));
    expect(await dueOf("r7")).toBeNull();
    expect(await dueOf("r1")).toEqual(utc("2026-12-03T02:00:00")); // Pharmacy line keeps its own 30 days
    // Pharmacy line back to the workspace's rule, then 10 days of its own (due 11 September: at the next run).
    expect((await ws.caller.recordings.setFlowRetention({ flowId: flowA, days: null })).redated).toBe(2);
    expect(await dueOf("r2")).toEqual(utc("2026-12-30T12:00:00"));
    await ws.caller.recordings.setFlowRetention({ flowId: flowA, days: 10 });
    expect(await dueOf("r1")).toEqual(utc("2026-09-11T12:00:00"));
    const r = await retentionOverview(h.db, ws.tenantId, { days: 60 }, NOW);
    expect(r.workspace).toMatchObject({ days: 120, purgesCallDetails: true });
    expect(r.flows.find((f) => f.flowId === flowA)).toMatchObject({
      ownDays: 10,
      nextDeletionDay: "2026-12-01",
    });

    const audit = await h.db.auditLog.findMany({
      where: { tenantId: ws.tenantId, action: "recordings.retention-change" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.targetType, (a.data as { redated: number }).redated])).toEqual([
      ["tenant", 4],
      ["flow", 2],
      ["flow", 2],
    ]);
    expect(await outcome(other.caller.recordings.setFlowRetention({ flowId: flowA, days: 5 }))).toBe(
      "NOT_FOUND",
    );
    expect(
      await outcome(
        ws.caller.recordings.setRetention({ days: 0, purgesCallDetails: false, deletesAtProvider: false }),
      ),
    ).toBe("BAD_REQUEST");
    // The other workspace's recording kept its date.
    expect(await dueOf("x1")).toEqual(utc("2026-12-02T00:00:00"));
  });
});
