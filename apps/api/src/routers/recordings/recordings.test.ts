import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalObjectStore, storeAudio } from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { buildApiServer } from "../../server.ts";
import { signPlaybackLink } from "../../services/recordings/playback-link.ts";
import { createHarness, outcome } from "../../testing/harness.ts";

describe("recordings: playback links and the audio route", () => {
  const h = createHarness();
  let dir: string;
  let store: LocalObjectStore;
  let app: Awaited<ReturnType<typeof buildApiServer>>;
  let base: string;
  let audio: Buffer;
  let ws: Awaited<ReturnType<typeof h.workspace>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ringflow-playback-"));
    store = new LocalObjectStore(dir);
    audio = await speak("Please hold while I check your benefits.", { seconds: 3 });
    app = await buildApiServer({ db: h.db, redis: h.redis, config: h.config, recordingStore: store });
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    ws = await h.workspace("playback");
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
    await h.close();
  });

  async function recording(tenantId: string, copied = true) {
    const call = await h.db.call.create({
      data: {
        tenantId,
        provider: "TWILIO",
        providerCallId: `CA${randomBytes(16).toString("hex")}`,
        direction: "INBOUND",
        fromNumber: "+14155550100",
        toNumber: "+14155550199",
      },
    });
    const id = randomUUID();
    const stored = copied ? await storeAudio(store, { tenantId, id }, audio, "audio/wav") : {};
    return h.db.recording.create({
      data: {
        id,
        tenantId,
        callId: call.id,
        status: "AVAILABLE",
        ...stored,
        ...(copied ? { copiedAt: new Date() } : {}),
      },
    });
  }

  /** The link's path and query on the test server (the link names PUBLIC_URL). */
  const local = (url: string) => base + url.slice(h.config.publicUrl.length);
  const audits = (action: string, targetId: string) =>
    h.db.auditLog.findMany({ where: { tenantId: ws.tenantId, action, targetId }, orderBy: { id: "asc" } });

  it("a supervisor plays the decrypted audio with seeking; the listen is audited once, with who and from where", async () => {
    const rec = await recording(ws.tenantId);
    const supervisor = await h.member(ws.tenantId, "SUPERVISOR");
    const link = await supervisor.caller.recordings.playbackLink({ recordingId: rec.id });
    expect(link.url.startsWith(`${h.config.publicUrl}/recordings/${rec.id}/audio?`)).toBe(true);
    expect(link.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(300_000);

    const whole = await fetch(local(link.url));
    expect(whole.status).toBe(200);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(whole.headers.get("content-type")).toBe("audio/wav");
    expect(whole.headers.get("cache-control")).toBe("private, no-store");
    expect(whole.headers.get("content-disposition")).toMatch(/^inline; /);
    expect(Buffer.from(await whole.arrayBuffer()).equals(audio)).toBe(true);

    const seek = await fetch(local(link.url), { headers: { range: "bytes=1000-1999" } });
    expect(seek.status).toBe(206);
    expect(seek.headers.get("content-range")).toBe(`bytes 1000-1999/${audio.length}`);
    expect(Buffer.from(await seek.arrayBuffer()).equals(audio.subarray(1000, 2000))).toBe(true);
    const tail = await fetch(local(link.url), { headers: { range: "bytes=-10" } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(audio.subarray(audio.length - 10))).toBe(true);
    const beyond = await fetch(local(link.url), { headers: { range: `bytes=${audio.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${audio.length}`);

    const listens = await audits("recording.listen", rec.id);
    expect(listens).toHaveLength(1);
    expect(listens[0]).toMatchObject({ actorUserId: supervisor.userId, ipAddress: "127.0.0.1" });
    expect(await audits("recording.link", rec.id)).toHaveLength(1);
  });

  it("a download is its own audited action and arrives as an attachment", async () => {
    const rec = await recording(ws.tenantId);
    const link = await ws.caller.recordings.playbackLink({ recordingId: rec.id, disposition: "attachment" });
    const answer = await fetch(local(link.url));
    expect(answer.headers.get("content-disposition")).toBe(`attachment; filename="recording-${rec.id}.wav"`);
    await answer.arrayBuffer();
    expect((await audits("recording.download", rec.id)).map((a) => a.actorUserId)).toEqual([ws.userId]);
  });

  it("refuses a role that may not listen, and audits the attempt", async () => {
    const rec = await recording(ws.tenantId);
    const agent = await h.member(ws.tenantId, "AGENT");
    expect(await outcome(agent.caller.recordings.playbackLink({ recordingId: rec.id }))).toBe("FORBIDDEN");
    const refused = await audits("recording.access-refused", rec.id);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.actorUserId).toBe(agent.userId);
    expect(await audits("recording.listen", rec.id)).toHaveLength(0);
  });

  it("refuses forged, expired and other tenants' links, and recordings not copied yet", async () => {
    const rec = await recording(ws.tenantId);
    const link = await ws.caller.recordings.playbackLink({ recordingId: rec.id });
    const forged = new URL(local(link.url));
    forged.searchParams.set("u", randomUUID());
    expect((await fetch(forged)).status).toBe(403);
    const otherRecording = local(link.url).replace(rec.id, randomUUID());
    expect((await fetch(otherRecording)).status).toBe(403);
    const expired = signPlaybackLink(
      h.config.publicUrl,
      rec.id,
      { tenantId: ws.tenantId, userId: ws.userId, disposition: "inline" },
      Date.now() - 600_000,
    );
    const answer = await fetch(local(expired.url));
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual({
      error: "This playback link is not valid or has expired; open the recording again.",
    });

    const other = await h.workspace("playback-other");
    const theirs = await recording(other.tenantId);
    expect(await outcome(ws.caller.recordings.playbackLink({ recordingId: theirs.id }))).toBe("NOT_FOUND");
    const pending = await recording(ws.tenantId, false);
    expect(await outcome(ws.caller.recordings.playbackLink({ recordingId: pending.id }))).toBe(
      "PRECONDITION_FAILED",
    );
  });

  it("lists recordings whose copy failed after every retry", async () => {
    const rec = await recording(ws.tenantId, false);
    await h.db.recording.update({
      where: { id: rec.id },
      data: {
        copyFailedAt: new Date(),
        copyAttempts: 6,
        copyError: "Twilio answered 500 when asked for the recording.",
      },
    });
    const alerts = await ws.caller.recordings.copyAlerts();
    expect(alerts.find((a) => a.id === rec.id)).toMatchObject({
      copyAttempts: 6,
      copyError: "Twilio answered 500 when asked for the recording.",
    });
    const other = await h.workspace("alerts-other");
    expect((await other.caller.recordings.copyAlerts()).map((a) => a.id)).not.toContain(rec.id);
  });
});
