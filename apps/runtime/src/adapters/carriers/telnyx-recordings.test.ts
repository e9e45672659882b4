import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { startFakeCarrier, type RecordedRequest } from "@ringflow/platform/testing/fake-carrier";
import { LocalObjectStore, readAudio, storedAudioOf } from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { recordingLimitsSchema } from "../../jobs/recording-copy.job.ts";
import { runRecordingCopy, type RecordingCopyDeps } from "../../jobs/recording-copy.worker.ts";
import { seedTelnyx, transferLine, type TelnyxSeed } from "../../testing/carrier-fixture.ts";
import { carrierRecording } from "../../testing/carrier-recording.ts";
import { seedTwilioTenant, type SeededTenant } from "../../testing/seed.ts";

const db = createDb(testDatabaseUrl(), { max: 2 });
/** Telnyx's call recordings API on loopback: the recording's fresh links, its media, its deletion. */
const media = new Map<string, Buffer>();
let telnyx: Awaited<ReturnType<typeof startFakeCarrier>>;
let tenant: SeededTenant;
let account: TelnyxSeed;
let dir: string;
let audio: Buffer;

function telnyxAnswer(request: RecordedRequest) {
  const id = /^\/(?:recordings|media)\/([0-9a-f-]{36})/.exec(request.path)?.[1] ?? "";
  if (request.path.startsWith("/media/"))
    return media.has(id) ? { status: 200, body: media.get(id) } : { status: 404 };
  if (!media.has(id)) return { status: 404, body: { errors: [{ detail: "Resource not found" }] } };
  if (request.method === "DELETE") {
    media.delete(id);
    return { status: 200, body: { data: { id } } };
  }
  // The callback's RecordingUrl has expired by now: the resource gives a fresh link.
  return { status: 200, body: { data: { id, download_urls: { wav: `${telnyx.url}/media/${id}` } } } };
}

beforeAll(async () => {
  telnyx = await startFakeCarrier(telnyxAnswer);
  tenant = await seedTwilioTenant(db, transferLine);
  account = await seedTelnyx(db, tenant.tenantId, tenant.flowId);
  dir = await mkdtemp(path.join(tmpdir(), "ringflow-telnyx-copy-"));
  audio = await speak("Hello, please call me back about my order.", { seconds: 3 });
});

afterAll(async () => {
  await telnyx.close();
  await rm(dir, { recursive: true, force: true });
  await db.$disconnect();
});

const deps = (): RecordingCopyDeps => ({
  db,
  store: new LocalObjectStore(dir),
  twilioApiBaseUrl: "http://127.0.0.1:9",
  telnyxApiBaseUrl: telnyx.url,
  limits: recordingLimitsSchema.parse({}),
});

/** A finished Telnyx call with one recording its callback reported completed. */
const telnyxRecording = (recordingId: string) =>
  carrierRecording(db, {
    tenantId: tenant.tenantId,
    provider: "TELNYX",
    providerAccountId: account.providerAccountId,
    toNumber: account.number,
    providerCallId: `v3:${randomUUID()}`,
    providerRecordingId: recordingId,
    url: "https://example.invalid/expired-after-ten-minutes.wav",
    deleteAtProvider: true,
  });

describe("Telnyx recordings into the recordings pipeline", () => {
  it("fetches the media through the recording's id with the API key, stores it, then deletes it at Telnyx", async () => {
    const id = randomUUID();
    media.set(id, audio);
    const recording = await telnyxRecording(id);
    expect(await runRecordingCopy(deps(), { tenantId: tenant.tenantId, recordingId: recording.id })).toBe(
      "copied",
    );
    const row = await db.recording.findFirstOrThrow({
      where: { id: recording.id, tenantId: tenant.tenantId },
    });
    expect(row.copiedAt).not.toBeNull();
    expect(row.providerDeletedAt).not.toBeNull();
    const stored = await readAudio(new LocalObjectStore(dir), storedAudioOf(row)!);
    expect(stored.equals(audio)).toBe(true);
    const calls = telnyx.requests.filter((r) => r.path.includes(id));
    expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /recordings/${id}`,
      `GET /media/${id}`,
      `DELETE /recordings/${id}`,
    ]);
    expect(calls[0]?.authorization).toMatch(/^Bearer KEY/);
    // The expired callback URL was never fetched; the media is gone at Telnyx.
    expect(media.has(id)).toBe(false);
  });

  it("refuses a recording without a Telnyx recording id at once, with the reason as the alert", async () => {
    const recording = await telnyxRecording("not-a-telnyx-id");
    await expect(
      runRecordingCopy(deps(), { tenantId: tenant.tenantId, recordingId: recording.id }),
    ).rejects.toMatchObject({ final: true, message: "The recording has no Telnyx recording id." });
    expect(telnyx.requests.some((r) => r.path.includes("not-a-telnyx-id"))).toBe(false);
  });
});
