import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, openCredentials } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { basicAuth } from "@ringflow/platform/carrier-rest";
import { lamlPath, startFakeCarrier, type RecordedRequest } from "@ringflow/platform/testing/fake-carrier";
import { LocalObjectStore, readAudio, storedAudioOf } from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { recordingLimitsSchema, type RecordingCopyJob } from "../../jobs/recording-copy.job.ts";
import { runRecordingCopy, type RecordingCopyDeps } from "../../jobs/recording-copy.worker.ts";
import { runRecordingRetention } from "../../jobs/recording-retention.worker.ts";
import { seedSignalWire, transferLine, type CarrierAccountSeed } from "../../testing/carrier-fixture.ts";
import { carrierRecording } from "../../testing/carrier-recording.ts";
import { seedTwilioTenant, type SeededTenant } from "../../testing/seed.ts";

const db = createDb(testDatabaseUrl(), { max: 2 });
/** A SignalWire space's LaML Recording resource on loopback: `.wav` serves the media, DELETE `.json` removes it. */
const media = new Map<string, Buffer>();
let signalWire: Awaited<ReturnType<typeof startFakeCarrier>>;
let tenant: SeededTenant;
let account: CarrierAccountSeed;
let projectId: string;
let authorization: string;
let dir: string;
let audio: Buffer;

function signalWireAnswer(request: RecordedRequest) {
  if (request.authorization !== authorization) return { status: 401, body: { message: "Unauthorized" } };
  const match = /^\/api\/laml\/2010-04-01\/Accounts\/([^/]+)\/Recordings\/([0-9a-f-]{36})\.(wav|json)$/.exec(
    request.path,
  );
  if (!match || match[1] !== projectId) return { status: 404, body: { message: "Not found" } };
  const [, , sid = "", extension] = match;
  const wav = media.get(sid);
  if (!wav) return { status: 404, body: { message: "The requested resource was not found" } };
  if (request.method === "GET" && extension === "wav") return { status: 200, body: wav };
  if (request.method === "DELETE" && extension === "json") {
    media.delete(sid);
    return { status: 204 };
  }
  return { status: 405 };
}

beforeAll(async () => {
  signalWire = await startFakeCarrier(signalWireAnswer);
  tenant = await seedTwilioTenant(db, transferLine);
  account = await seedSignalWire(db, tenant.tenantId, tenant.flowId);
  const row = await db.providerAccount.findFirstOrThrow({
    where: { id: account.providerAccountId, tenantId: tenant.tenantId },
  });
  const credentials = openCredentials<{ projectId: string; apiToken: string }>(row);
  projectId = credentials.projectId;
  authorization = basicAuth(credentials.projectId, credentials.apiToken);
  dir = await mkdtemp(path.join(tmpdir(), "ringflow-signalwire-copy-"));
  audio = await speak("Hello, please call me back about my claim.", { seconds: 3 });
});

afterAll(async () => {
  await signalWire.close();
  await rm(dir, { recursive: true, force: true });
  await db.$disconnect();
});

const deps = (transcribed: RecordingCopyJob[] = []): RecordingCopyDeps => ({
  db,
  store: new LocalObjectStore(dir),
  twilioApiBaseUrl: "http://127.0.0.1:9",
  signalWireApiBaseUrl: signalWire.url,
  limits: recordingLimitsSchema.parse({}),
  transcribe: async (job) => transcribed.push(job),
});

/** A finished SignalWire call with one recording its LaML callback reported completed. */
const signalWireRecording = (recordingSid: string, options: { deleteAtProvider: boolean }) =>
  carrierRecording(db, {
    tenantId: tenant.tenantId,
    provider: "SIGNALWIRE",
    providerAccountId: account.providerAccountId,
    toNumber: account.number,
    providerRecordingId: recordingSid,
    url: `https://acme.signalwire.com${lamlPath(projectId)}/Recordings/${recordingSid}`,
    deleteAtProvider: options.deleteAtProvider,
  });

const requestsFor = (sid: string) =>
  signalWire.requests.filter((r) => r.path.includes(sid)).map((r) => `${r.method} ${r.path}`);

describe("SignalWire recordings into the recordings pipeline", () => {
  it("copies the media with the project's credentials, encrypted, queues its transcript, deletes it at SignalWire, and expires it", async () => {
    const sid = randomUUID();
    media.set(sid, audio);
    const recording = await signalWireRecording(sid, { deleteAtProvider: true });
    const job = { tenantId: tenant.tenantId, recordingId: recording.id };
    const transcribed: RecordingCopyJob[] = [];
    expect(await runRecordingCopy(deps(transcribed), job)).toBe("copied");

    const row = await db.recording.findFirstOrThrow({
      where: { id: recording.id, tenantId: tenant.tenantId },
    });
    expect([row.copiedAt !== null, row.providerDeletedAt !== null, row.sizeBytes]).toEqual([
      true,
      true,
      audio.length,
    ]);
    // Stored encrypted: the bytes on disk are not the audio, the decrypted ones are.
    const onDisk = await readFile(path.join(dir, row.storageKey!));
    expect(onDisk.includes(audio.subarray(44, 400))).toBe(false);
    expect((await readAudio(new LocalObjectStore(dir), storedAudioOf(row)!)).equals(audio)).toBe(true);
    expect(row.deleteAfter!.getTime() - row.createdAt.getTime()).toBe(90 * 86_400_000);
    expect(transcribed).toEqual([job]);
    // Fetched by the project's own space and the RecordingSid, then deleted there once the copy read back.
    expect(requestsFor(sid)).toEqual([
      `GET ${lamlPath(projectId)}/Recordings/${sid}.wav`,
      `DELETE ${lamlPath(projectId)}/Recordings/${sid}.json`,
    ]);
    expect(media.has(sid)).toBe(false);

    // Expired like any other recording: the daily job removes our copy.
    const result = await runRecordingRetention({
      db,
      store: new LocalObjectStore(dir),
      clock: () => new Date(row.deleteAfter!.getTime() + 1000),
    });
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    const expired = await db.recording.findFirstOrThrow({
      where: { id: recording.id, tenantId: tenant.tenantId },
    });
    expect([expired.deletedAt !== null, expired.storageKey]).toEqual([true, null]);
    await expect(readFile(path.join(dir, row.storageKey!))).rejects.toThrow();
  });

  it("keeps SignalWire's recording when the tenant does not allow deleting it, and a second run does nothing", async () => {
    const sid = randomUUID();
    media.set(sid, audio);
    const recording = await signalWireRecording(sid, { deleteAtProvider: false });
    const job = { tenantId: tenant.tenantId, recordingId: recording.id };
    expect(await runRecordingCopy(deps(), job)).toBe("copied");
    expect(await runRecordingCopy(deps(), job)).toBe("already-copied");
    expect(requestsFor(sid)).toEqual([`GET ${lamlPath(projectId)}/Recordings/${sid}.wav`]);
    expect(media.has(sid)).toBe(true);
  });

  it("retries while SignalWire has no media yet, and never deletes what it could not copy", async () => {
    const sid = randomUUID();
    const recording = await signalWireRecording(sid, { deleteAtProvider: true });
    await expect(
      runRecordingCopy(deps(), { tenantId: tenant.tenantId, recordingId: recording.id }),
    ).rejects.toMatchObject({ final: false, message: "SignalWire has no media for this recording (yet)." });
    expect(requestsFor(sid)).toEqual([`GET ${lamlPath(projectId)}/Recordings/${sid}.wav`]);
  });

  it("refuses a recording without a SignalWire recording id at once, fetching nothing", async () => {
    const before = signalWire.requests.length;
    const recording = await signalWireRecording("../../Calls/evil", { deleteAtProvider: true });
    await expect(
      runRecordingCopy(deps(), { tenantId: tenant.tenantId, recordingId: recording.id }),
    ).rejects.toMatchObject({ final: true, message: "The recording has no SignalWire recording id." });
    expect(signalWire.requests.length).toBe(before);
  });
});
