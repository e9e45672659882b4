import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSET_LINK_SECONDS, signAssetLink } from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { buildApiServer } from "../../server.ts";
import { createHarness, outcome } from "../../testing/harness.ts";

/** The sentence a refused call answers with. */
async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (error) {
    return (error as Error).message;
  }
}

const run = promisify(execFile);

describe("assets: uploaded audio for Play blocks", () => {
  const h = createHarness();
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApiServer>>;
  let base: string;
  let wav: Buffer;
  let mp3: Buffer;
  let ws: Awaited<ReturnType<typeof h.workspace>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ringflow-assets-"));
    // Assets live in the recordings' storage; this test's own directory.
    process.env.RECORDINGS_DIR = dir;
    wav = await speak("Thanks for calling Acme. Your call matters to us.", { seconds: 2 });
    // The same speech as MP3, by sox when it has an MP3 encoder, else a frame-synced file header.
    await writeFile(path.join(dir, "in.wav"), wav);
    mp3 = await run("sox", [path.join(dir, "in.wav"), path.join(dir, "out.mp3")])
      .then(() => readFile(path.join(dir, "out.mp3")))
      .catch(() => Buffer.concat([Buffer.from("ID3"), Buffer.alloc(64)]));
    app = await buildApiServer({ db: h.db, redis: h.redis, config: h.config });
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    ws = await h.workspace("assets");
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
    await h.close();
  });

  const upload = (bytes: Buffer, name: string, caller = ws.caller) =>
    caller.assets.upload({ name, contentBase64: bytes.toString("base64") });

  it("stores a WAV or MP3 with the workspace, recognised by its bytes, and lists it with a working link", async () => {
    const greeting = await upload(wav, "greeting.wav");
    expect(greeting).toMatchObject({ name: "greeting.wav", contentType: "audio/wav", sizeBytes: wav.length });
    expect(greeting.durationSeconds).toBeCloseTo(2, 1);
    const music = await upload(mp3, "hold.mp3");
    expect(music.contentType).toBe("audio/mpeg");

    const listed = await ws.caller.assets.list();
    expect(listed.map((a) => a.name)).toEqual(expect.arrayContaining(["greeting.wav", "hold.mp3"]));
    const link = listed.find((a) => a.id === greeting.id)!.listenUrl;
    expect(link.startsWith(`${h.config.publicUrl}/assets/${greeting.id}/audio?`)).toBe(true);
    const served = await fetch(`${base}${new URL(link).pathname}${new URL(link).search}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("audio/wav");
    expect(Buffer.from(await served.arrayBuffer()).equals(wav)).toBe(true);
    // Stored encrypted: the bytes on disk are not the audio.
    const row = await h.db.asset.findUniqueOrThrow({ where: { id: greeting.id } });
    const onDisk = await readFile(path.join(dir, row.storageKey));
    expect(onDisk.includes(wav.subarray(44, 200))).toBe(false);
  });

  it("refuses what a phone cannot play, in words", async () => {
    expect(await refusal(upload(Buffer.from("<html>not audio</html>"), "page.mp3"))).toBe(
      "This is not an MP3 or WAV file. Save the audio as MP3 or WAV and try again.",
    );
    expect(await refusal(upload(Buffer.alloc(0), "empty.wav"))).toBe("The file is empty.");
    const big = Buffer.concat([wav.subarray(0, 44), Buffer.alloc(3 * 1024 * 1024)]);
    expect(await refusal(upload(big, "long.wav"))).toBe(
      "The file is 3.0 MB; audio for a Play block can be at most 3 MB.",
    );
  });

  it("serves a file only through a genuine, unexpired link of its own workspace", async () => {
    const asset = await upload(wav, "menu.wav");
    const other = await h.workspace("assets-other");
    const get = (url: string) => fetch(`${base}${new URL(url).pathname}${new URL(url).search}`);
    const genuine = signAssetLink(base, { tenantId: ws.tenantId, assetId: asset.id });
    expect((await get(genuine)).status).toBe(200);
    const expired = signAssetLink(
      base,
      { tenantId: ws.tenantId, assetId: asset.id },
      Date.now() - (ASSET_LINK_SECONDS + 5) * 1000,
    );
    expect(await (await get(expired)).json()).toEqual({
      error: "This audio link is not valid or has expired.",
    });
    const tampered = genuine.replace(/sig=[^&]+/, "sig=AAAA");
    expect((await get(tampered)).status).toBe(403);
    // A link signed for another workspace does not reach this one's file.
    expect((await get(signAssetLink(base, { tenantId: other.tenantId, assetId: asset.id }))).status).toBe(
      404,
    );
    expect((await other.caller.assets.list()).some((a) => a.id === asset.id)).toBe(false);
    // Reading needs flows.read: a supervisor may listen; uploading needs flows.edit.
    const supervisor = await h.member(ws.tenantId, "SUPERVISOR");
    expect((await supervisor.caller.assets.list()).length).toBeGreaterThan(0);
    expect(await outcome(upload(wav, "nope.wav", supervisor.caller))).toBe("FORBIDDEN");
  });
});
