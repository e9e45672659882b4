import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJson } from "@ringflow/db";
import { createHarness, outcome } from "../../testing/harness.ts";

describe("transcripts: search from the calls list, voicemails with theirs, a call's recordings", () => {
  const h = createHarness();
  let ws: Awaited<ReturnType<typeof h.workspace>>;
  let other: Awaited<ReturnType<typeof h.workspace>>;
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 21, 9, minutes));

  async function callWith(
    tenantId: string,
    minute: number,
    recording: { kind?: string; transcript: string | null; deleted?: boolean; turns?: unknown },
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
        outcome: recording.kind === "voicemail" ? "voicemail" : "hangup",
        startedAt: at(minute),
      },
    });
    const consent = await h.db.consentRecord.create({
      data: {
        tenantId,
        callId: call.id,
        nodeId: "consent",
        required: true,
        granted: true,
        method: "dtmf",
        callerState: "CA",
        rule: "all-party states: CA,FL; caller in CA",
        announcementText: "This call may be recorded. Press 1 to agree.",
        digits: "1",
        at: at(minute),
      },
    });
    const rec = await h.db.recording.create({
      data: {
        id: randomUUID(),
        tenantId,
        callId: call.id,
        status: "AVAILABLE",
        kind: recording.kind ?? "call",
        mailbox: recording.kind === "voicemail" ? "billing" : null,
        durationSeconds: 12,
        transcript: recording.transcript,
        transcriptTurns: toJson(recording.turns ?? []),
        transcriptEngine: recording.transcript ? "cloud" : null,
        transcriptLanguage: "en-US",
        transcribedAt: recording.transcript ? at(minute) : null,
        consentRecordId: consent.id,
        deletedAt: recording.deleted ? at(minute + 1) : null,
      },
    });
    return { call, rec, consent };
  }

  let refill: Awaited<ReturnType<typeof callWith>>;
  let voicemail: Awaited<ReturnType<typeof callWith>>;

  beforeAll(async () => {
    ws = await h.workspace("transcripts");
    other = await h.workspace("transcripts-other");
    refill = await callWith(ws.tenantId, 1, {
      transcript: "Hello, I need a refill of my prescriptions before Friday, card [card number].",
      turns: [
        { speaker: 0, startSeconds: 0, endSeconds: 1.2, text: "Hello, pharmacy." },
        { speaker: 1, startSeconds: 1.5, endSeconds: 4, text: "I need a refill of my prescriptions." },
      ],
    });
    voicemail = await callWith(ws.tenantId, 2, {
      kind: "voicemail",
      transcript: "Please call me back about my benefits claim.",
    });
    await callWith(ws.tenantId, 3, { transcript: "A claim about billing, deleted since.", deleted: true });
    await callWith(ws.tenantId, 4, { transcript: null });
    await callWith(other.tenantId, 1, { transcript: "Another workspace also needs a refill." });
  });
  afterAll(() => h.close());

  it("finds calls by what was said (stemmed, web-search syntax), with the words in context, in this workspace only", async () => {
    const found = await ws.caller.calls.list({ search: "prescription refill" });
    expect(found.calls.map((c) => c.id)).toEqual([refill.call.id]);
    expect(found.calls[0]?.transcriptMatch).toMatch(/⟦refill⟧ of my ⟦prescriptions⟧/);

    expect((await ws.caller.calls.list({ search: "claim" })).calls.map((c) => c.id)).toEqual([
      voicemail.call.id,
    ]);
    expect((await ws.caller.calls.list({ search: '"benefits claim" -refill' })).calls).toHaveLength(1);
    expect((await ws.caller.calls.list({ search: "refill", outcome: "voicemail" })).calls).toHaveLength(0);
    // Nothing matches words of a deleted recording, of another workspace, or odd input.
    expect((await ws.caller.calls.list({ search: "deleted" })).calls).toHaveLength(0);
    expect((await other.caller.calls.list({ search: "prescription" })).calls).toHaveLength(0);
    expect((await ws.caller.calls.list({ search: "!!! & | :*" })).calls).toHaveLength(0);
    // Without a search, every call, and no excerpt.
    const all = await ws.caller.calls.list({});
    expect(all.calls).toHaveLength(4);
    expect(all.calls.every((c) => c.transcriptMatch === null)).toBe(true);
  });

  it("audits every search (who, what, when, from where) without keeping what matched", async () => {
    const before = new Date();
    await ws.caller.calls.list({ search: "prescription refill" });
    await ws.caller.calls.list({ search: "nobody said this" });
    await ws.caller.calls.list({});
    const searches = await h.db.auditLog.findMany({
      where: { tenantId: ws.tenantId, action: "transcript.search", createdAt: { gte: before } },
      orderBy: { id: "asc" },
    });
    expect(searches.map((a) => [a.actorUserId, a.data])).toEqual([
      [ws.userId, { query: "prescription refill", calls: 1, more: false }],
      [ws.userId, { query: "nobody said this", calls: 0, more: false }],
    ]);
    expect(JSON.stringify(searches.map((a) => a.data))).not.toMatch(/Friday|⟦|card/);
    expect(
      await h.db.auditLog.count({ where: { tenantId: other.tenantId, action: "transcript.search" } }),
    ).toBe(1);
  });

  it("audits every opening of a call's details (its page refreshing itself is the same opening)", async () => {
    await ws.caller.calls.get({ callId: refill.call.id });
    await ws.caller.calls.get({ callId: refill.call.id });
    expect(await outcome(other.caller.calls.get({ callId: refill.call.id }))).toBe("NOT_FOUND");
    const views = await h.db.auditLog.findMany({ where: { action: "call.view", targetId: refill.call.id } });
    expect(views.map((v) => [v.tenantId, v.actorUserId])).toEqual([[ws.tenantId, ws.userId]]);
    // Someone else opening it is their own entry.
    const supervisor = await h.member(ws.tenantId, "SUPERVISOR");
    await supervisor.caller.calls.get({ callId: refill.call.id });
    expect(await h.db.auditLog.count({ where: { action: "call.view", targetId: refill.call.id } })).toBe(2);
  });

  it("lists a voicemail with its transcript", async () => {
    const all = await ws.caller.calls.list({});
    const row = all.calls.find((c) => c.id === voicemail.call.id);
    expect(row?.voicemails).toEqual([
      expect.objectContaining({
        id: voicemail.rec.id,
        mailbox: "billing",
        transcript: "Please call me back about my benefits claim.",
      }),
    ]);
    expect(all.calls.find((c) => c.id === refill.call.id)?.voicemails).toEqual([]);
  });

  it("gives a call's recordings with their consent record and transcript turns", async () => {
    const found = await ws.caller.recordings.forCall({ callId: refill.call.id });
    expect(found.consents).toEqual([
      expect.objectContaining({
        id: refill.consent.id,
        announcementText: "This call may be recorded. Press 1 to agree.",
        digits: "1",
        rule: "all-party states: CA,FL; caller in CA",
      }),
    ]);
    expect(found.recordings).toEqual([
      expect.objectContaining({
        id: refill.rec.id,
        consentRecordId: refill.consent.id,
        transcriptEngine: "cloud",
        turns: [
          { speaker: 0, startSeconds: 0, endSeconds: 1.2, text: "Hello, pharmacy." },
          { speaker: 1, startSeconds: 1.5, endSeconds: 4, text: "I need a refill of my prescriptions." },
        ],
      }),
    ]);
    expect(await outcome(other.caller.recordings.forCall({ callId: refill.call.id }))).toBe("NOT_FOUND");
  });

  it("keeps transcripts from those who may not listen: no search, no voicemail text, refusals audited", async () => {
    const agent = await h.member(ws.tenantId, "AGENT");
    expect(await outcome(agent.caller.recordings.forCall({ callId: refill.call.id }))).toBe("FORBIDDEN");
    const refused = await h.db.auditLog.findMany({
      where: { tenantId: ws.tenantId, action: "recording.access-refused", actorUserId: agent.userId },
    });
    expect(refused).toHaveLength(1);

    // A supervisor whose workspace took listening away still reads the log, without what callers said.
    await ws.caller.access.setPermission({
      role: "SUPERVISOR",
      permission: "recordings.download",
      granted: false,
    });
    const supervisor = await h.member(ws.tenantId, "SUPERVISOR");
    const error = await supervisor.caller.calls.list({ search: "refill" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "FORBIDDEN", message: /permission to listen to recordings/ });
    const rows = (await supervisor.caller.calls.list({})).calls;
    expect(rows).toHaveLength(4);
    expect(rows.every((c) => c.voicemails.length === 0)).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/benefits|refill/);
  });
});
