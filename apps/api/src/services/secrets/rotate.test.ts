import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeySpec } from "@ringflow/db";
import { LocalObjectStore, readAudio, storeAudio } from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { createHarness } from "../../testing/harness.ts";
import { rotateSecrets } from "./rotate.ts";

describe("secrets rotate and recordings", () => {
  const h = createHarness();
  let dir: string;
  const previous = process.env.RINGFLOW_SECRET_KEYS;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ringflow-rotate-"));
  });
  afterAll(async () => {
    process.env.RINGFLOW_SECRET_KEYS = previous;
    await rm(dir, { recursive: true, force: true });
    await h.close();
  });

  it("reseals each recording's data key with the new key and leaves the stored audio byte for byte", async () => {
    const ws = await h.workspace("rotate-rec");
    const store = new LocalObjectStore(dir);
    const call = await h.db.call.create({
      data: {
        tenantId: ws.tenantId,
        provider: "TWILIO",
        providerCallId: `CA${ws.slug}`,
        direction: "INBOUND",
        fromNumber: "+15550001111",
        toNumber: "+15550002222",
      },
    });
    const recording = await h.db.recording.create({
      data: { tenantId: ws.tenantId, callId: call.id, status: "AVAILABLE" },
    });
    const audio = await speak("Your claim has been approved.");
    const stored = await storeAudio(store, recording, audio, "audio/wav");
    await h.db.recording.update({ where: { id: recording.id }, data: stored });
    const before = await readFile(path.join(dir, stored.storageKey));

    const newKey = generateKeySpec("rec-rotated");
    process.env.RINGFLOW_SECRET_KEYS = `${newKey},${previous}`;
    const result = await rotateSecrets(h.db, { tenantId: ws.tenantId });
    expect(result.recordings).toEqual({ resealed: 1, alreadyCurrent: 0, failed: [] });
    expect((await rotateSecrets(h.db, { tenantId: ws.tenantId })).recordings).toMatchObject({
      resealed: 0,
      alreadyCurrent: 1,
    });

    process.env.RINGFLOW_SECRET_KEYS = newKey;
    const row = await h.db.recording.findUniqueOrThrow({ where: { id: recording.id } });
    expect(row.dataKeyId).toBe("rec-rotated");
    expect(row.dataKey).not.toBe(stored.dataKey);
    expect((await readFile(path.join(dir, stored.storageKey))).equals(before)).toBe(true);
    const read = await readAudio(store, {
      ...row,
      storageKey: row.storageKey!,
      dataKey: row.dataKey!,
      dataKeyId: row.dataKeyId!,
      sizeBytes: row.sizeBytes!,
      sha256: row.sha256!,
    });
    expect(read.equals(audio)).toBe(true);

    // A lost key is reported per recording, not thrown.
    process.env.RINGFLOW_SECRET_KEYS = generateKeySpec("third");
    const lost = await rotateSecrets(h.db, { tenantId: ws.tenantId });
    expect(lost.recordings.failed).toEqual([
      expect.objectContaining({
        id: recording.id,
        keyId: "rec-rotated",
        error: expect.stringMatching(/not in/),
      }),
    ]);
  });
});
