import { randomBytes, randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORDING_COPY_QUEUE } from "@ringflow/flow-schema";
import { closeRecordingCopyQueue } from "../../services/recordings/recording-copy-queue.ts";
import { createHarness, outcome } from "../../testing/harness.ts";

describe("recordings.retryCopy", () => {
  const h = createHarness();
  let ws: Awaited<ReturnType<typeof h.workspace>>;
  /** The queue as the runtime's copy workers read it (the deployment's prefix, then `bull`). */
  let queue: Queue;

  beforeAll(async () => {
    ws = await h.workspace("retry-copy");
    const connection = h.redis.duplicate({ keyPrefix: "", maxRetriesPerRequest: null });
    queue = new Queue(RECORDING_COPY_QUEUE, { connection, prefix: `${h.redis.options.keyPrefix ?? ""}bull` });
  });
  afterAll(async () => {
    await queue.close();
    await closeRecordingCopyQueue(h.redis);
    await h.close();
  });

  async function failedCopy(tenantId: string, fields: { copiedAt?: Date } = {}) {
    const call = await h.db.call.create({
      data: {
        tenantId,
        provider: "SIGNALWIRE",
        providerCallId: randomUUID(),
        direction: "INBOUND",
        fromNumber: "+14155550100",
        toNumber: "+14155550199",
      },
    });
    return h.db.recording.create({
      data: {
        tenantId,
        callId: call.id,
        status: "AVAILABLE",
        providerRecordingId: randomBytes(8).toString("hex"),
        copyAttempts: 6,
        copyFailedAt: new Date(),
        copyError: "SignalWire answered 401 when asked for the recording.",
        ...fields,
      },
    });
  }

  const queuedFor = async (recordingId: string) =>
    (await queue.getJobs(["waiting", "delayed", "prioritized"])).filter(
      (j) => j.data.recordingId === recordingId,
    );

  it("clears the alert and queues the copy again for the runtime's workers, each retry a job of its own", async () => {
    const rec = await failedCopy(ws.tenantId);
    expect((await ws.caller.recordings.copyAlerts()).map((a) => a.id)).toContain(rec.id);

    expect(await ws.caller.recordings.retryCopy({ recordingId: rec.id })).toEqual({ recordingId: rec.id });
    expect((await ws.caller.recordings.copyAlerts()).map((a) => a.id)).not.toContain(rec.id);
    const row = await h.db.recording.findFirstOrThrow({ where: { id: rec.id, tenantId: ws.tenantId } });
    expect([row.copyFailedAt, row.copyError]).toEqual([null, null]);
    const jobs = await queuedFor(rec.id);
    expect(jobs.map((j) => j.data)).toEqual([{ tenantId: ws.tenantId, recordingId: rec.id }]);
    expect(jobs[0]?.opts.attempts).toBe(6);

    // The copy failed again (the worker set the alert back): a second retry is queued too, not dropped.
    await h.db.recording.update({ where: { id: rec.id }, data: { copyFailedAt: new Date() } });
    await ws.caller.recordings.retryCopy({ recordingId: rec.id });
    expect(await queuedFor(rec.id)).toHaveLength(2);
  });

  it("refuses what is not a failed copy of this workspace, queueing nothing", async () => {
    const other = await h.workspace("retry-copy-other");
    const theirs = await failedCopy(other.tenantId);
    expect(await outcome(ws.caller.recordings.retryCopy({ recordingId: theirs.id }))).toBe("NOT_FOUND");
    const copied = await failedCopy(ws.tenantId, { copiedAt: new Date() });
    expect(await outcome(ws.caller.recordings.retryCopy({ recordingId: copied.id }))).toBe("NOT_FOUND");
    expect(await queuedFor(theirs.id)).toEqual([]);
    expect(await queuedFor(copied.id)).toEqual([]);
    const still = await h.db.recording.findFirstOrThrow({
      where: { id: theirs.id, tenantId: other.tenantId },
    });
    expect(still.copyFailedAt).not.toBeNull();
  });
});
