import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, toJson } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { LocalObjectStore, storeAudio } from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { runRecordingRetention } from "./recording-retention.worker.ts";

const db = createDb(testDatabaseUrl(), { max: 2 });
let dir: string;
let store: LocalObjectStore;
let audio: Buffer;
const DAY = 86_400_000;
// The real date: other test files copy recordings meanwhile, due weeks from today, which must not go.
const now = new Date();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ringflow-retention-"));
  store = new LocalObjectStore(dir);
  audio = await speak("My date of birth is the fourth of July.");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await db.$disconnect();
});

/** A tenant with one stored recording per entry, each on its own call (held or not), due at `deleteAfter`. */
async function tenantWith(purgesCallDetails: boolean, recordings: { deleteAfter: Date; held?: boolean }[]) {
  const tenant = await db.tenant.create({
    data: {
      name: "Retention",
      slug: `ret-${randomBytes(5).toString("hex")}`,
      retentionPurgesCallDetails: purgesCallDetails,
    },
  });
  const rows = [];
  for (const r of recordings) {
    const call = await db.call.create({
      data: {
        tenantId: tenant.id,
        provider: "TWILIO",
        providerCallId: `CA${randomBytes(16).toString("hex")}`,
        direction: "INBOUND",
        fromNumber: "+14155550100",
        toNumber: "+14155550199",
        variables: toJson({ dob: "1990-07-04" }),
        legalHoldAt: r.held ? new Date(now.getTime() - DAY) : null,
        events: {
          create: [
            {
              tenantId: tenant.id,
              seq: 1,
              at: now,
              type: "input",
              nodeId: "ask",
              data: toJson({ digits: "0704" }),
            },
          ],
        },
      },
    });
    const id = randomUUID();
    const stored = await storeAudio(store, { tenantId: tenant.id, id }, audio, "audio/wav");
    rows.push(
      await db.recording.create({
        data: {
          id,
          tenantId: tenant.id,
          callId: call.id,
          status: "AVAILABLE",
          durationSeconds: 3,
          transcript: "my date of birth is the fourth of july",
          copiedAt: new Date(now.getTime() - 100 * DAY),
          deleteAfter: r.deleteAfter,
          ...stored,
        },
      }),
    );
  }
  return { tenantId: tenant.id, rows };
}

describe("recording-retention", () => {
  it("deletes expired audio with a deletion record, keeps what is not due, and never touches a held call", async () => {
    const t = await tenantWith(false, [
      { deleteAfter: new Date(now.getTime() - DAY) },
      { deleteAfter: new Date(now.getTime() + DAY) },
      { deleteAfter: new Date(now.getTime() - 30 * DAY), held: true },
    ]);
    const [expired, notDue, held] = t.rows as [(typeof t.rows)[0], (typeof t.rows)[0], (typeof t.rows)[0]];
    const result = await runRecordingRetention({ db, store, clock: () => now });
    expect(result.deleted).toBeGreaterThanOrEqual(1);

    const gone = await db.recording.findUniqueOrThrow({ where: { id: expired.id } });
    expect(gone).toMatchObject({
      status: "DELETED",
      storageKey: null,
      dataKey: null,
      transcript: null,
      durationSeconds: 3,
    });
    expect(gone.deletedAt).toEqual(now);
    expect(await store.get(expired.storageKey!)).toBeNull();
    const record = await db.recordingDeletion.findFirstOrThrow({ where: { recordingId: expired.id } });
    expect(record).toMatchObject({
      tenantId: t.tenantId,
      callId: expired.callId,
      reason: "retention",
      sizeBytes: audio.length,
      callDetailsPurged: false,
    });
    // Without the purge policy the call's details stay.
    expect((await db.call.findUniqueOrThrow({ where: { id: expired.callId } })).variables).toEqual({
      dob: "1990-07-04",
    });

    for (const kept of [notDue, held]) {
      const row = await db.recording.findUniqueOrThrow({ where: { id: kept.id } });
      expect([row.status, row.deletedAt, row.storageKey]).toEqual(["AVAILABLE", null, kept.storageKey]);
      expect(await store.get(kept.storageKey!)).not.toBeNull();
    }
    expect(await db.recordingDeletion.count({ where: { recordingId: { in: [notDue.id, held.id] } } })).toBe(
      0,
    );

    // On schedule: the day after its date the second one goes too; the held one still stays.
    await runRecordingRetention({ db, store, clock: () => new Date(now.getTime() + 2 * DAY) });
    expect((await db.recording.findUniqueOrThrow({ where: { id: notDue.id } })).status).toBe("DELETED");
    expect((await db.recording.findUniqueOrThrow({ where: { id: held.id } })).status).toBe("AVAILABLE");
    // Running again deletes nothing twice.
    await runRecordingRetention({ db, store, clock: () => new Date(now.getTime() + 2 * DAY) });
    expect(await db.recordingDeletion.count({ where: { tenantId: t.tenantId } })).toBe(2);
  });

  it("by the tenant's policy clears the call's variables and log details, keeping its metadata", async () => {
    const t = await tenantWith(true, [{ deleteAfter: new Date(now.getTime() - DAY) }]);
    const [expired] = t.rows as [(typeof t.rows)[0]];
    await runRecordingRetention({ db, store, clock: () => now });
    const call = await db.call.findUniqueOrThrow({
      where: { id: expired.callId },
      include: { events: true },
    });
    expect(call.variables).toBeNull();
    expect(call.fromNumber).toBe("+14155550100");
    expect(call.events.map((e) => [e.type, e.nodeId, e.data])).toEqual([["input", "ask", {}]]);
    expect(
      (await db.recordingDeletion.findFirstOrThrow({ where: { recordingId: expired.id } })).callDetailsPurged,
    ).toBe(true);
  });
});
