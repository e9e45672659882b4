import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, sealCredentials } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { noteSkippedSuite } from "@ringflow/platform";
import {
  CLOUD_ENGINE_KEY_KIND,
  LOCAL_ENGINE_INSTALL,
  localEngineMissing,
  LocalObjectStore,
  REDACTED,
  storeAudio,
} from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { eventually, seedTwilioTenant, type SeededTenant } from "../testing/seed.ts";
import { twilioRequestProblems } from "@ringflow/platform/testing/twilio-oai";
import { RuntimeQueues } from "./queues.ts";
import { recordingLimitsSchema } from "./recording-copy.job.ts";
import { runRecordingCopy, startRecordingCopyWorker } from "./recording-copy.worker.ts";
import {
  runRecordingTranscription,
  startRecordingTranscriptionWorker,
  type RecordingTranscriptionDeps,
} from "./recording-transcription.worker.ts";

const db = createDb(testDatabaseUrl(), { max: 4 });
const queueConfig = {
  redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  keyPrefix: `${process.env.REDIS_KEY_PREFIX ?? ""}transcribe-${randomUUID().slice(0, 6)}:`,
};
const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const localMissing = localEngineMissing();
if (localMissing)
  noteSkippedSuite("Transcription job with the local engine", localMissing, LOCAL_ENGINE_INSTALL);

/**
 * Twilio (recording media, Recording resource, its Transcriptions list) and a Deepgram-style listen API on
 * loopback; every request recorded.
 */
const requests: { method: string; url: string; body: string; headers: Record<string, unknown> }[] = [];
const media = new Map<string, Buffer>();
const twilioTranscriptions = new Map<string, { status: string; transcription_text: string | null }[]>();
let cloudAnswer: { status: number; body: unknown } = { status: 200, body: {} };
let server: Server;
let baseUrl: string;
let dir: string;
let tenant: SeededTenant;
let audio: Buffer;
const workers: Worker[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("latin1")));
    req.on("end", () => {
      const url = req.url ?? "";
      requests.push({ method: req.method ?? "", url, body, headers: req.headers });
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (url.startsWith("/v1/listen")) return json(cloudAnswer.status, cloudAnswer.body);
      const expected = `Basic ${Buffer.from(`${tenant.accountSid}:${tenant.authToken}`).toString("base64")}`;
      if (req.headers.authorization !== expected) return res.writeHead(401).end();
      const sid = /\/Recordings\/(RE[0-9a-f]{32})/.exec(url)?.[1] ?? "";
      if (req.method === "GET" && url.includes("/Transcriptions.json")) {
        if (!media.has(sid)) return json(404, { code: 20404 });
        const list = (twilioTranscriptions.get(sid) ?? []).map((t, i) => ({
          sid: `TR${String(i).padStart(32, "0")}`,
          account_sid: tenant.accountSid,
          recording_sid: sid,
          date_created: "Tue, 01 Dec 2026 11:00:00 +0000",
          ...t,
        }));
        return json(200, { transcriptions: list, page: 0, page_size: 20, next_page_uri: null });
      }
      if (req.method === "GET" && url.endsWith(".wav")) {
        const wav = media.get(sid);
        if (!wav) return res.writeHead(404).end();
        return res.writeHead(200, { "content-type": "audio/x-wav", "content-length": wav.length }).end(wav);
      }
      if (req.method === "DELETE" && url.endsWith(".json")) {
        media.delete(sid);
        return res.writeHead(204).end();
      }
      res.writeHead(405).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(path.join(tmpdir(), "ringflow-transcribe-"));
  tenant = await seedTwilioTenant(db, () =>
    buildFlow({ nodes: { start: ["start"], bye: ["hangup"] }, edges: [["start", "inbound", "bye"]] }),
  );
  // Wideband: the model is a 16 kHz one; on 8 kHz telephone audio it hears little (the bench prints both).
  audio = await speak("the quick brown fox jumps over the lazy dog", { voice: "en-gb", sampleRate: 16000 });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
  await db.$disconnect();
});

const store = () => new LocalObjectStore(dir);
const deps = (overrides: Partial<RecordingTranscriptionDeps> = {}): RecordingTranscriptionDeps => ({
  db,
  store: store(),
  twilioApiBaseUrl: baseUrl,
  cloudBaseUrl: baseUrl,
  ...overrides,
});

async function useEngine(engine: string, cloud?: { key: string }) {
  const data = {
    engine,
    // The deployment's TRANSCRIPTION_CLOUD_URL (deps) is used: tenants do not choose where audio goes.
    cloudBaseUrl: null,
    cloudModel: cloud ? "nova-2" : null,
    ...(cloud
      ? (({ credentials, credentialsKeyId }) => ({ cloudKey: credentials, cloudKeyId: credentialsKeyId }))(
          sealCredentials(tenant.tenantId, CLOUD_ENGINE_KEY_KIND, { apiKey: cloud.key }),
        )
      : { cloudKey: null, cloudKeyId: null }),
  };
  await db.transcriptionSetting.upsert({
    where: { tenantId: tenant.tenantId },
    create: { tenantId: tenant.tenantId, ...data },
    update: data,
  });
}

/** A Twilio call with one recording; `stored`: already copied into Ringflow's storage. */
async function recordedCall(options: {
  stored: boolean;
  kind?: string;
  /** The call's language as its log left it, and the one the recording was made in. */
  callLanguage?: string;
  language?: string;
}) {
  const recordingSid = `RE${hex(16)}`;
  media.set(recordingSid, audio);
  const call = await db.call.create({
    data: {
      tenantId: tenant.tenantId,
      provider: "TWILIO",
      providerCallId: `CA${hex(16)}`,
      providerAccountId: tenant.providerAccountId,
      flowId: tenant.flowId,
      flowVersionId: tenant.versionId,
      direction: "INBOUND",
      fromNumber: "+14155550100",
      toNumber: tenant.number,
      language: options.callLanguage ?? null,
    },
  });
  const id = randomUUID();
  const stored = options.stored
    ? await storeAudio(store(), { tenantId: tenant.tenantId, id }, audio, "audio/wav")
    : {};
  const recording = await db.recording.create({
    data: {
      id,
      tenantId: tenant.tenantId,
      callId: call.id,
      providerRecordingId: recordingSid,
      url: `https://api.twilio.com/2010-04-01/Accounts/${tenant.accountSid}/Recordings/${recordingSid}`,
      durationSeconds: 3,
      status: "AVAILABLE",
      kind: options.kind ?? "call",
      language: options.language ?? null,
      ...stored,
      ...(options.stored ? { copiedAt: new Date() } : {}),
    },
  });
  return { call, recording, recordingSid, job: { tenantId: tenant.tenantId, recordingId: recording.id } };
}

const row = (id: string) => db.recording.findFirstOrThrow({ where: { id, tenantId: tenant.tenantId } });

describe.skipIf(localMissing)("recording transcription with the local engine", () => {
  it("is queued by the copy job and transcribes the decrypted audio through BullMQ", async () => {
    await useEngine("local");
    await db.tenant.update({ where: { id: tenant.tenantId }, data: { deleteProviderRecordings: false } });
    const queues = new RuntimeQueues(queueConfig);
    workers.push(
      startRecordingCopyWorker(
        {
          db,
          store: store(),
          twilioApiBaseUrl: baseUrl,
          limits: recordingLimitsSchema.parse({}),
          transcribe: (job) => queues.addRecordingTranscription(job),
        },
        queueConfig,
      ),
      startRecordingTranscriptionWorker(deps(), queueConfig),
    );
    const c = await recordedCall({ stored: false, kind: "voicemail" });
    await queues.addRecordingCopy(c.job);
    const done = await eventually(async () => {
      const r = await row(c.recording.id);
      return r.transcribedAt ? r : null;
    }, 60_000);
    await queues.close();
    expect(done).toMatchObject({
      transcriptEngine: "local",
      transcriptLanguage: "en-US",
      transcriptionError: null,
    });
    expect(done.copiedAt).not.toBeNull();
    // espeak's voice is hard for pocketsphinx; some of the words must still come through.
    expect(done.transcript).toMatch(/quick|brown|fox|lazy/);
    const turns = done.transcriptTurns as { speaker: null; startSeconds: number; text: string }[];
    expect(turns.length).toBeGreaterThan(0);
    expect(turns[0]).toMatchObject({ speaker: null });
    // A second run changes nothing.
    expect(await runRecordingTranscription(deps(), c.job)).toBe("already-transcribed");
  }, 90_000);
});

describe("recording transcription with the cloud engine", () => {
  it("sends the call's language, keeps speaker turns, and stores only the redacted transcript", async () => {
    await useEngine("cloud", { key: "dg-key-1" });
    const said =
      "Sure, my card is 4111 1111 1111 1111 and my social is one two three four five six seven eight nine.";
    cloudAnswer = {
      status: 200,
      body: {
        results: {
          channels: [{ alternatives: [{ transcript: `How can I help? ${said}` }] }],
          utterances: [
            { start: 0.2, end: 1.1, transcript: "How can I help?", speaker: 0 },
            { start: 1.5, end: 6.0, transcript: said, speaker: 1 },
          ],
        },
      },
    };
    // The caller chose Spanish, then the call went back to English before it ended: the recording's language wins.
    const c = await recordedCall({ stored: true, language: "es-US", callLanguage: "en-US" });
    expect(await runRecordingTranscription(deps(), c.job)).toBe("transcribed");
    const listen = requests.filter((r) => r.url.startsWith("/v1/listen")).at(-1);
    expect(new URL(listen?.url ?? "", baseUrl).searchParams.get("language")).toBe("es-US");
    expect(listen?.headers).toMatchObject({ authorization: "Token dg-key-1", "content-type": "audio/wav" });
    // What the service received is the plain audio, decrypted from storage.
    expect(Buffer.from(listen?.body ?? "", "latin1").equals(audio)).toBe(true);

    const r = await row(c.recording.id);
    expect(r.transcript).toBe(
      `How can I help? Sure, my card is ${REDACTED.card} and my social is ${REDACTED.ssn}.`,
    );
    expect(r.transcriptTurns).toEqual([
      { speaker: 0, startSeconds: 0.2, endSeconds: 1.1, text: "How can I help?" },
      {
        speaker: 1,
        startSeconds: 1.5,
        endSeconds: 6,
        text: `Sure, my card is ${REDACTED.card} and my social is ${REDACTED.ssn}.`,
      },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/4111|one two three/);
    expect(r).toMatchObject({ transcriptEngine: "cloud", transcriptLanguage: "es-US" });
  });

  it("says why after a refused key, without retrying it", async () => {
    await useEngine("cloud", { key: "wrong" });
    cloudAnswer = { status: 401, body: { err_code: "INVALID_AUTH" } };
    const queues = new RuntimeQueues(queueConfig);
    workers.push(startRecordingTranscriptionWorker(deps(), queueConfig));
    const c = await recordedCall({ stored: true });
    const before = requests.length;
    await queues.addRecordingTranscription(c.job);
    const failed = await eventually(async () => {
      const r = await row(c.recording.id);
      return r.transcriptionError ? r : null;
    });
    await queues.close();
    expect(failed.transcriptionError).toBe("The transcription service refused the API key.");
    expect(failed.transcript).toBeNull();
    expect(requests.slice(before).filter((r) => r.url.startsWith("/v1/listen"))).toHaveLength(1);
  });

  it("does nothing with the engine off, and nothing for a deleted recording", async () => {
    await useEngine("off");
    const c = await recordedCall({ stored: true });
    expect(await runRecordingTranscription(deps(), c.job)).toBe("off");
    await useEngine("cloud", { key: "k" });
    await db.recording.update({ where: { id: c.recording.id }, data: { deletedAt: new Date() } });
    expect(await runRecordingTranscription(deps(), c.job)).toBe("gone");
    expect((await row(c.recording.id)).transcript).toBeNull();
  });
});

describe("recording transcription with Twilio's engine", () => {
  it("reads Twilio's transcription (a request Twilio's API defines), and only then deletes Twilio's copy", async () => {
    await useEngine("twilio");
    await db.tenant.update({ where: { id: tenant.tenantId }, data: { deleteProviderRecordings: true } });
    const c = await recordedCall({ stored: false, kind: "voicemail" });
    const queued: string[] = [];
    const copyDeps = {
      db,
      store: store(),
      twilioApiBaseUrl: baseUrl,
      limits: recordingLimitsSchema.parse({}),
      transcribe: async (job: { recordingId: string }) => void queued.push(job.recordingId),
    };
    expect(await runRecordingCopy(copyDeps, c.job)).toBe("copied");
    expect(queued).toEqual([c.recording.id]);
    // Twilio's recording stays while its transcript is not in.
    expect(media.has(c.recordingSid)).toBe(true);
    expect((await row(c.recording.id)).providerDeletedAt).toBeNull();

    twilioTranscriptions.set(c.recordingSid, [{ status: "in-progress", transcription_text: null }]);
    await expect(runRecordingTranscription(deps(), c.job)).rejects.toMatchObject({
      final: false,
      message: /still transcribing/,
    });
    twilioTranscriptions.set(c.recordingSid, [
      { status: "completed", transcription_text: "Please call me back, my account number is 12345678." },
    ]);
    const after: string[] = [];
    const outcome = await runRecordingTranscription(
      deps({ afterTwilioTranscript: (job) => runRecordingCopy(copyDeps, job).then((o) => after.push(o)) }),
      c.job,
    );
    expect(outcome).toBe("transcribed");
    expect(after).toEqual(["already-copied"]);
    const r = await row(c.recording.id);
    expect(r.transcript).toBe(`Please call me back, my account number is ${REDACTED.account}.`);
    expect(r).toMatchObject({ transcriptEngine: "twilio", transcriptTurns: [] });
    expect(r.providerDeletedAt).not.toBeNull();
    expect(media.has(c.recordingSid)).toBe(false);

    const listed = requests.filter((q) => q.url.includes(`${c.recordingSid}/Transcriptions.json`));
    expect(listed).toHaveLength(2);
    for (const q of listed) {
      expect(new URL(q.url, baseUrl).pathname).toBe(
        `/2010-04-01/Accounts/${tenant.accountSid}/Recordings/${c.recordingSid}/Transcriptions.json`,
      );
      expect(twilioRequestProblems(q.method, q.url, q.body)).toEqual([]);
    }
  });

  it("gives up on a language Twilio does not transcribe; a recording Twilio never transcribed is retried", async () => {
    await useEngine("twilio");
    // A recording logged before recordings carried a language: the call's.
    const spanish = await recordedCall({ stored: true, callLanguage: "es-MX" });
    await expect(runRecordingTranscription(deps(), spanish.job)).rejects.toMatchObject({
      final: true,
      message: /only English recordings; this call was in es-MX/,
    });
    const none = await recordedCall({ stored: true });
    await expect(runRecordingTranscription(deps(), none.job)).rejects.toMatchObject({
      final: false,
      message: /no transcription of this recording/,
    });
  });
});
