import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm, utimes } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { createRedis } from "@ringflow/platform";
import { LocalObjectStore, storeAsset } from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { espeakEngine } from "./espeak-engine.ts";
import { LocalAsteriskMedia, type LocalMediaOptions } from "./local-media.ts";
import { MediaCache, mediaSecret } from "./media-cache.ts";
import { mediaRoutes } from "./media-route.ts";
import { runProgram } from "./run-program.ts";
import type { SpeechEngine } from "./speech-engine.ts";

/** The real engine, counting how often it runs and how many runs overlap. */
function countingEngine() {
  const real = espeakEngine();
  const counts = { runs: 0, running: 0, mostAtOnce: 0 };
  const engine: SpeechEngine = {
    id: real.id,
    async synthesize(request, outFile) {
      counts.runs++;
      counts.mostAtOnce = Math.max(counts.mostAtOnce, ++counts.running);
      try {
        await real.synthesize(request, outFile);
      } finally {
        counts.running--;
      }
    },
  };
  return { engine, counts };
}

const soxi = async (file: string) => ({
  rate: Number(await runProgram("soxi", ["-r", file])),
  channels: Number(await runProgram("soxi", ["-c", file])),
  bits: Number(await runProgram("soxi", ["-b", file])),
  encoding: (await runProgram("soxi", ["-e", file])).trim(),
  seconds: Number(await runProgram("soxi", ["-D", file])),
});

describe("Asterisk media made locally (espeak-ng, sox) and served to Asterisk", () => {
  const db = createDb(process.env.DATABASE_URL!, { max: 2 });
  const redis = createRedis();
  const app = Fastify();
  const source = Fastify();
  const secret = mediaSecret();
  let root: string;
  let base: string;
  let sourceBase: string;
  let tenantId: string;
  let assetId: string;
  let options: Omit<LocalMediaOptions, "cache" | "baseUrl">;
  let media: LocalAsteriskMedia;
  let counts: ReturnType<typeof countingEngine>["counts"];

  const keyOf = (uri: string) => /\/media\/([0-9a-f]{64})\.wav$/.exec(uri)?.[1] ?? "";
  const fetchUri = (uri: string) => fetch(uri.replace(/^sound:/, ""));

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "ringflow-media-"));
    const store = new LocalObjectStore(path.join(root, "store"));
    const tenant = await db.tenant.create({ data: { name: "Media", slug: `media-${randomUUID()}` } });
    tenantId = tenant.id;
    assetId = randomUUID();
    const stored = await storeAsset(store, { tenantId, id: assetId }, await speak("Hello."), "audio/wav");
    await db.asset.create({ data: { id: assetId, tenantId, name: "hello.wav", ...stored } });

    const counting = countingEngine();
    counts = counting.counts;
    options = {
      engine: counting.engine,
      concurrency: 2,
      redis,
      allowHosts: ["127.0.0.1"],
      assets: { findAsset: (where) => db.asset.findFirst({ where }), store },
    };
    // The route is served before the base URL is known: the media object is looked up per request.
    await app.register(mediaRoutes, { media: { fileFor: (key: string) => media.fileFor(key) } });
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    media = new LocalAsteriskMedia({
      ...options,
      cache: new MediaCache(path.join(root, "a"), secret),
      baseUrl: base,
    });

    const greeting = await speak("Thank you for waiting.");
    source.get("/greeting.wav", async (_request, reply) => reply.type("audio/wav").send(greeting));
    source.get("/page.html", async (_request, reply) => reply.type("text/html").send("<p>not audio</p>"));
    await source.listen({ port: 0, host: "127.0.0.1" });
    sourceBase = `http://127.0.0.1:${(source.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await source.close();
    await db.tenant.delete({ where: { id: tenantId } });
    await db.$disconnect();
    await redis.quit();
    await rm(root, { recursive: true, force: true });
  });

  it("speaks a text into an 8 kHz mono 16-bit wav that the route serves as audio/wav", async () => {
    const uri = await media.speech({ tenantId, text: "Press one for sales.", language: "en-US" });
    expect(uri).toMatch(new RegExp(`^sound:${base}/media/[0-9a-f]{64}\\.wav$`));
    const file = media.cache.file(keyOf(uri));
    const facts = await soxi(file);
    expect(facts).toMatchObject({ rate: 8000, channels: 1, bits: 16, encoding: "Signed Integer PCM" });
    expect(facts.seconds).toBeGreaterThan(0.5);

    const response = await fetchUri(uri);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("audio/wav");
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.toString("latin1", 0, 4)).toBe("RIFF");
    expect(body.toString("latin1", 8, 12)).toBe("WAVE");
  });

  it("returns the same URI for the same text, voice and language without speaking it again", async () => {
    const input = {
      tenantId,
      text: "Our opening hours are nine to five.",
      voice: "Polly.Amy",
      language: "en-GB",
    };
    const runs = counts.runs;
    const [first, second] = await Promise.all([media.speech(input), media.speech(input)]);
    const third = await media.speech(input);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(counts.runs).toBe(runs + 1);
    // Another voice or language is other audio.
    expect(await media.speech({ ...input, voice: "Polly.Brian" })).not.toBe(first);
    expect(await media.speech({ ...input, language: "fr-FR" })).not.toBe(first);
    // And another tenant's, though the text is the same.
    expect(await media.speech({ ...input, tenantId: randomUUID() })).not.toBe(first);
  });

  it("answers 404 to unknown and malformed names, and lists nothing", async () => {
    for (const name of ["0".repeat(64) + ".wav", "abc.wav", "", "..%2F..%2Fetc%2Fpasswd"]) {
      const response = await fetch(`${base}/media/${name}`);
      expect(response.status, name).toBe(404);
    }
  });

  it("makes at most the configured number at once, the rest queued, and all are made", async () => {
    counts.mostAtOnce = 0;
    const texts = Array.from({ length: 6 }, (_, i) => `Queued message number ${i} ${randomUUID()}.`);
    const uris = await Promise.all(texts.map((text) => media.speech({ tenantId, text, language: "en-US" })));
    expect(new Set(uris).size).toBe(6);
    expect(counts.mostAtOnce).toBe(2);
  });

  it("refuses a text longer than the phone can speak, saying so", async () => {
    const runs = counts.runs;
    await expect(media.speech({ tenantId, text: "a".repeat(4097), language: "en-US" })).rejects.toThrow(
      "The text is 4097 characters long; the phone can speak at most 4096 at once.",
    );
    expect(counts.runs).toBe(runs);
  });

  it("converts an uploaded prompt and a linked file to the same wav, once each", async () => {
    const asset = await media.audio({ tenantId, url: `asset:${assetId}` });
    expect(await soxi(media.cache.file(keyOf(asset)))).toMatchObject({ rate: 8000, channels: 1, bits: 16 });
    expect(await media.audio({ tenantId, url: `asset:${assetId}` })).toBe(asset);
    // Another tenant cannot play it.
    await expect(media.audio({ tenantId: randomUUID(), url: `asset:${assetId}` })).rejects.toThrow(
      "This uploaded audio file was removed.",
    );

    const linked = await media.audio({ tenantId, url: `${sourceBase}/greeting.wav` });
    expect(await soxi(media.cache.file(keyOf(linked)))).toMatchObject({ rate: 8000, channels: 1, bits: 16 });
    expect((await fetchUri(linked)).status).toBe(200);
    await expect(media.audio({ tenantId, url: `${sourceBase}/page.html` })).rejects.toThrow(
      "This audio is not an MP3 or WAV file.",
    );
  });

  it("fetches links through the outbound guard: a private address is refused unless allowed", async () => {
    const guarded = new LocalAsteriskMedia({
      ...options,
      allowHosts: [],
      cache: new MediaCache(path.join(root, "guarded"), secret),
      baseUrl: base,
    });
    await expect(guarded.audio({ tenantId, url: `${sourceBase}/greeting.wav` })).rejects.toThrow(
      /This audio link cannot be used: requests to private or local addresses are not allowed/,
    );
  });

  it("serves a file another process made, making it again from its recipe", async () => {
    const other = new LocalAsteriskMedia({
      ...options,
      cache: new MediaCache(path.join(root, "b"), secret),
      baseUrl: base,
    });
    const uri = await other.speech({ tenantId, text: "Made by another process.", language: "en-US" });
    expect(await media.cache.has(keyOf(uri))).toBe(false);
    const response = await fetchUri(uri);
    expect(response.status).toBe(200);
    expect(await media.cache.has(keyOf(uri))).toBe(true);
    // No scratch files are left behind.
    expect((await readdir(path.join(root, "a"))).filter((name) => name.startsWith("."))).toEqual([]);
    expect((await fetch(`${base}/media/`)).status).toBe(404);
  });

  it("prunes files unused for long (made again when asked for) and keeps the ones in use", async () => {
    const old = keyOf(await media.speech({ tenantId, text: "An old announcement.", language: "en-US" }));
    const fresh = keyOf(await media.speech({ tenantId, text: "Today's announcement.", language: "en-US" }));
    const week = 7 * 24 * 3600_000;
    const longAgo = new Date(Date.now() - week - 3600_000);
    await utimes(media.cache.file(old), longAgo, longAgo);
    expect(await media.cache.prune(week)).toBe(1);
    expect(await media.cache.has(old)).toBe(false);
    expect(await media.cache.has(fresh)).toBe(true);
    // Served from its recipe, and counted as used from then on.
    expect((await fetch(`${base}/media/${old}.wav`)).status).toBe(200);
    expect(await media.cache.prune(week)).toBe(0);
  });
});
