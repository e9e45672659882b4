import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Queue, type Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { LocalObjectStore, readAudio, storedAudioOf } from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { eventually, seedTwilioTenant, type SeededTenant } from "../testing/seed.ts";
import { twilioRequestProblems } from "@ringflow/platform/testing/twilio-oai";
import { writeCallLogs } from "./call-log.writer.ts";
import { bullConnection, bullPrefix, RuntimeQueues } from "./queues.ts";
import { RECORDING_COPY_QUEUE, recordingLimitsSchema, type RecordingCopyJob } from "./recording-copy.job.ts";
import {
  runRecordingCopy,
  startRecordingCopyWorker,
  type RecordingCopyDeps,
} from "./recording-copy.worker.ts";

const db = createDb(testDatabaseUrl(), { max: 4 });
const queueConfig = {
  redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  keyPrefix: `${process.env.REDIS_KEY_PREFIX ?? ""}copy-${randomUUID().slice(0, 6)}:`,
};
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** Twilio's recording media and Recording resource on loopback: serves WAVs, records every request. */
const media = new Map<string, Buffer>();
const requests: { method: string; url: string; body: string; auth: string }[] = [];
let failGets = 0;
let twilio: Server;
let twilioUrl: string;
let dir: string;
let tenant: SeededTenant;
let audio: Buffer;
const workers: Worker[] = [];

beforeAll(async () => {
  twilio = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const url = req.url ?? "";
      requests.push({ method: req.method ?? "", url, body, auth: req.headers.authorization ?? "" });
      const expected = `Basic ${Buffer.from(`${tenant.accountSid}:${tenant.authToken}`).toString("base64")}`;
      if (req.headers.authorization !== expected) return res.writeHead(401).end();
      const sid = /\/Recordings\/(RE[0-9a-f]{32})\.(wav|json)$/.exec(url)?.[1] ?? "";
      if (req.method === "GET" && url.endsWith(".wav")) {
        if (failGets > 0 && failGets--) return res.writeHead(503).end();
        const wav = media.get(sid);
        if (!wav) return res.writeHead(404).end();
        return res.writeHead(200, { "content-type": "audio/x-wav", "content-length": wav.length }).end(wav);
      }
      if (req.method === "DELETE" && url.endsWith(".json")) {
        if (!media.delete(sid))
          return res.writeHead(404, { "content-type": "application/json" }).end('{"code":20404}');
        return res.writeHead(204).end();
      }
      res.writeHead(405).end();
    });
  });
  await new Promise<void>((resolve) => twilio.listen(0, "127.0.0.1", resolve));
  twilioUrl = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
  dir = await mkdtemp(path.join(tmpdir(), "ringflow-copy-"));
  tenant = await seedTwilioTenant(db, () =>
    buildFlow({ nodes: { start: ["start"], bye: ["hangup"] }, edges: [["start", "inbound", "bye"]] }),
  );
  audio = await speak("Hello, I would like to change my prescription, please call me back.", { seconds: 5 });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await new Promise((resolve) => twilio.close(resolve));
  await rm(dir, { recursive: true, force: true });
  await db.$disconnect();
});

const deps = (overrides: Partial<RecordingCopyDeps> = {}): RecordingCopyDeps => ({
  db,
  store: new LocalObjectStore(dir),
  twilioApiBaseUrl: twilioUrl,
  limits: recordingLimitsSchema.parse({}),
  ...overrides,
});

/** A finished Twilio call with one AVAILABLE recording whose media the fake Twilio serves. */
async function recordedCall(options: { deleteAtProvider: boolean }) {
  await db.tenant.update({
    where: { id: tenant.tenantId },
    data: { deleteProviderRecordings: options.deleteAtProvider },
  });
  const recordingSid = `RE${hex(16)}`;
  media.set(recordingSid, audio);
  const call = await db.call.create({
    data: {
      tenantId: tenant.tenantId,
      provider: "TWILIO",
      providerCallId: `CA${hex(16)}`,
      providerAccountId: tenant.providerAccountId,
      flowId: tenant.flowId,
      direction: "INBOUND",
      fromNumber: "+14155550100",
      toNumber: tenant.number,
    },
  });
  const recording = {
    id: randomUUID(),
    providerRecordingId: recordingSid,
    url: `https://api.twilio.com/2010-04-01/Accounts/${tenant.accountSid}/Recordings/${recordingSid}`,
    durationSeconds: 5,
    status: "AVAILABLE" as const,
    kind: "call" as const,
    mailbox: null,
    transcript: null,
    consentRecordId: null,
  };
  return { call, recording, recordingSid, job: { tenantId: tenant.tenantId, recordingId: recording.id } };
}

async function writeRecording(
  c: Awaited<ReturnType<typeof recordedCall>>,
  copyRecording?: (job: RecordingCopyJob) => Promise<unknown>,
) {
  await writeCallLogs(
    db,
    [
      {
        call: {
          callId: c.call.id,
          tenantId: tenant.tenantId,
          provider: "TWILIO",
          providerCallId: c.call.providerCallId,
          providerAccountId: tenant.providerAccountId,
          phoneNumberId: null,
          flowId: tenant.flowId,
          flowVersionId: null,
          direction: "INBOUND",
          from: "+14155550100",
          to: tenant.number,
          startedAt: Date.now(),
          existingRow: true,
          test: false,
        },
        create: false,
        events: [],
        consents: [],
        recordings: [c.recording],
      },
    ],
    undefined,
    copyRecording ? { copyRecording } : {},
  );
}

const requestsFor = (sid: string) => requests.filter((r) => r.url.includes(sid));

describe("recording-copy", () => {
  it("copies a recording the log marks AVAILABLE (through BullMQ), encrypted, then deletes it at Twilio", async () => {
    const queues = new RuntimeQueues(queueConfig);
    workers.push(startRecordingCopyWorker(deps(), queueConfig));
    const c = await recordedCall({ deleteAtProvider: true });
    await db.flow.update({ where: { id: tenant.flowId }, data: { recordingRetentionDays: 30 } });
    await writeRecording(c, (job) => queues.addRecordingCopy(job));
    // A redelivered log entry adds no second copy.
    await writeRecording(c, (job) => queues.addRecordingCopy(job));
    const row = await eventually(async () => {
      const r = await db.recording.findFirstOrThrow({ where: { id: c.recording.id } });
      return r.providerDeletedAt ? r : null;
    });
    await queues.close();
    await db.flow.update({ where: { id: tenant.flowId }, data: { recordingRetentionDays: null } });

    expect(row.copiedAt).not.toBeNull();
    expect(row.sizeBytes).toBe(audio.length);
    expect(row.contentType).toBe("audio/wav");
    expect(row.copyAttempts).toBe(1);
    // The flow's 30 days win over the tenant's 90.
    expect(row.deleteAfter!.getTime() - row.createdAt.getTime()).toBe(30 * 86_400_000);
    const onDisk = await readFile(path.join(dir, row.storageKey!));
    expect(onDisk.includes(audio.subarray(44, 400))).toBe(false);
    expect((await readAudio(new LocalObjectStore(dir), storedAudioOf(row)!)).equals(audio)).toBe(true);

    const seen = requestsFor(c.recordingSid).map((r) => r.method);
    expect(seen).toEqual(["GET", "DELETE"]);
    const del = requestsFor(c.recordingSid)[1]!;
    expect(new URL(del.url, twilioUrl).pathname).toBe(
      `/2010-04-01/Accounts/${tenant.accountSid}/Recordings/${c.recordingSid}.json`,
    );
    expect(twilioRequestProblems(del.method, del.url, del.body)).toEqual([]);
    expect(media.has(c.recordingSid)).toBe(false);
  });

  it("is idempotent: a second run copies nothing and deletes nothing again", async () => {
    const c = await recordedCall({ deleteAtProvider: true });
    await writeRecording(c);
    expect(await runRecordingCopy(deps(), c.job)).toBe("copied");
    expect(await runRecordingCopy(deps(), c.job)).toBe("already-copied");
    expect(requestsFor(c.recordingSid).map((r) => r.method)).toEqual(["GET", "DELETE"]);
    const files = await readdir(path.join(dir, tenant.tenantId));
    expect(files.filter((f) => f.startsWith(c.recording.id))).toHaveLength(1);
  });

  it("keeps the provider's recording when the tenant does not allow deleting it", async () => {
    const c = await recordedCall({ deleteAtProvider: false });
    await writeRecording(c);
    expect(await runRecordingCopy(deps(), c.job)).toBe("copied");
    expect(requestsFor(c.recordingSid).map((r) => r.method)).toEqual(["GET"]);
    const row = await db.recording.findFirstOrThrow({ where: { id: c.recording.id } });
    expect([row.copiedAt !== null, row.providerDeletedAt]).toEqual([true, null]);
  });

  it("retries with backoff; after the last retry the row carries an alert and Twilio's copy is never deleted", async () => {
    // Storage that cannot be written: the data directory is a file.
    const blocked = path.join(dir, "not-a-dir");
    await writeFile(blocked, "x");
    const config = { ...queueConfig, keyPrefix: `${queueConfig.keyPrefix}fail:` };
    workers.push(startRecordingCopyWorker(deps({ store: new LocalObjectStore(blocked) }), config));
    const c = await recordedCall({ deleteAtProvider: true });
    await writeRecording(c);
    failGets = 1;
    const queue = new Queue(RECORDING_COPY_QUEUE, {
      connection: bullConnection(config),
      prefix: bullPrefix(config),
    });
    await queue.add("copy", c.job, { attempts: 3, backoff: { type: "fixed", delay: 50 } });
    const row = await eventually(async () => {
      const r = await db.recording.findFirstOrThrow({ where: { id: c.recording.id } });
      return r.copyFailedAt ? r : null;
    });
    await queue.close();
    expect(row.copyError).toBe("The recording could not be copied or stored.");
    expect(row.copyAttempts).toBe(3);
    expect([row.copiedAt, row.providerDeletedAt, row.storageKey]).toEqual([null, null, null]);
    // One 503, then two downloads that could not be stored; never a DELETE.
    expect(requestsFor(c.recordingSid).map((r) => r.method)).toEqual(["GET", "GET", "GET"]);
    expect(media.has(c.recordingSid)).toBe(true);
  });

  it("refuses a recording over the duration limit at once, with the reason as the alert", async () => {
    const config = { ...queueConfig, keyPrefix: `${queueConfig.keyPrefix}limit:` };
    const limits = recordingLimitsSchema.parse({ maxDurationSeconds: 3 });
    workers.push(startRecordingCopyWorker(deps({ limits }), config));
    const c = await recordedCall({ deleteAtProvider: true });
    await writeRecording(c);
    const queue = new Queue(RECORDING_COPY_QUEUE, {
      connection: bullConnection(config),
      prefix: bullPrefix(config),
    });
    await queue.add("copy", c.job, { attempts: 5, backoff: { type: "fixed", delay: 50 } });
    const row = await eventually(async () => {
      const r = await db.recording.findFirstOrThrow({ where: { id: c.recording.id } });
      return r.copyFailedAt ? r : null;
    });
    await queue.close();
    expect(row.copyError).toBe("The recording lasts 5 s, over the limit of 3 s.");
    expect(requestsFor(c.recordingSid).map((r) => r.method)).toEqual(["GET"]);
  });

  it("never fetches a URL that is not this account's recording", async () => {
    const c = await recordedCall({ deleteAtProvider: true });
    c.recording.url = `https://api.twilio.com/2010-04-01/Accounts/AC${hex(16)}/Recordings/${c.recordingSid}`;
    await writeRecording(c);
    await expect(runRecordingCopy(deps(), c.job)).rejects.toThrow(/not a recording of this Twilio account/);
    expect(requestsFor(c.recordingSid)).toEqual([]);
  });
});
