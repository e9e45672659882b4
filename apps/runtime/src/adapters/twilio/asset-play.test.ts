import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { LocalObjectStore, signAssetLink, storeAsset, verifyAssetLink } from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { assetAudioRoutes } from "../../assets/asset-audio-route.ts";
import { parseTwiml } from "../../testing/twiml-parse.ts";
import { renderTwiml } from "./twiml.ts";
import { TwilioUrls } from "./urls.ts";

describe("an uploaded audio file in <Play>", () => {
  const db = createDb(process.env.DATABASE_URL!, { max: 2 });
  const app = Fastify();
  let dir: string;
  let base: string;
  let tenantId: string;
  let assetId: string;
  let audio: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ringflow-asset-play-"));
    const store = new LocalObjectStore(dir);
    const tenant = await db.tenant.create({ data: { name: "Play", slug: `play-${randomUUID()}` } });
    tenantId = tenant.id;
    assetId = randomUUID();
    audio = await speak("Welcome to Acme.", { seconds: 1 });
    const stored = await storeAsset(store, { tenantId, id: assetId }, audio, "audio/wav");
    await db.asset.create({ data: { id: assetId, tenantId, name: "welcome.wav", ...stored } });
    await app.register(assetAudioRoutes, { db, store });
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await db.tenant.delete({ where: { id: tenantId } });
    await db.$disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it("is played from a link signed for the call's tenant, which the runtime serves until it expires", async () => {
    const twiml = renderTwiml([{ type: "play", url: `asset:${assetId}`, loop: 1 }], {
      urls: new TwilioUrls(base),
      holdMusicUrl: "https://cdn.example/hold.mp3",
      assetUrl: (id) => signAssetLink(base, { tenantId, assetId: id }),
    });
    const [verb] = parseTwiml(twiml);
    expect(verb?.name).toBe("Play");
    const link = new URL(verb!.text);
    expect(link.pathname).toBe(`/assets/${assetId}/audio`);
    expect(verifyAssetLink(assetId, Object.fromEntries(link.searchParams))).toEqual({ tenantId });
    const served = await fetch(link);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(audio)).toBe(true);
    // Ten minutes later the same link is refused.
    expect(
      verifyAssetLink(assetId, Object.fromEntries(link.searchParams), Date.now() + 11 * 60_000),
    ).toBeNull();
  });
});
