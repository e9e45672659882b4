import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiConfigFromEnv } from "../../config.ts";
import { readApiEnv } from "../../env.ts";
import { createHarness, type Caller } from "../../testing/harness.ts";

/** Answers GET /ari/asterisk/info as Asterisk 22 does (AsteriskInfo model, asterisk.json), behind Basic auth. */
async function startFakeAri() {
  const requests: { method: string; url: string; authorization: string | undefined }[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
    if (req.headers.authorization !== `Basic ${Buffer.from("ringflow:ari-secret").toString("base64")}`) {
      res.writeHead(401, {
        "content-type": "application/json",
        "www-authenticate": 'Basic realm="Asterisk REST Interface"',
      });
      return res.end(JSON.stringify({ message: "Authentication required" }));
    }
    if (req.url === "/teapot/ari/asterisk/info") {
      res.writeHead(500, "Internal secrets: db password hunter2", { "content-type": "text/plain" });
      return res.end("root:x:0:0:root:/root:/bin/bash");
    }
    if (req.url === "/other/ari/asterisk/info") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ system: { version: "<html>internal admin page</html>" } }));
    }
    if (req.method === "GET" && req.url === "/ari/asterisk/info") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(
        JSON.stringify({
          build: {
            os: "Linux",
            kernel: "6.1.0",
            options: "",
            machine: "x86_64",
            date: "2025-01-01 00:00:00 UTC",
            user: "root",
          },
          system: { version: "22.1.0", entity_id: "02:42:ac:11:00:02" },
          config: { name: "pbx-1", default_language: "en", setid: { user: "asterisk", group: "asterisk" } },
          status: {
            startup_time: "2026-11-21T10:00:00.000+0000",
            last_reload_time: "2026-11-21T10:00:00.000+0000",
          },
        }),
      );
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "Resource not found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type FakeAri = Awaited<ReturnType<typeof startFakeAri>>;

/** A harness with the given config and a fake ARI, both closed after the describe block. */
function harnessWithAri(config: Parameters<typeof createHarness>[0] = {}) {
  const t = { h: createHarness(config), ari: undefined as unknown as FakeAri };
  beforeAll(async () => {
    t.ari = await startFakeAri();
  });
  afterAll(async () => {
    await t.h.close();
    await t.ari.close();
  });
  return t;
}

let apps = 0;
/** Stores an Asterisk provider at ariUrl with the fake's credentials and presses "Test connection". */
async function testAt(ws: { slug: string; caller: Caller }, ariUrl: string) {
  const provider = await ws.caller.providers.create({
    kind: "ASTERISK",
    name: ariUrl.slice(0, 60),
    asterisk: {
      ariUrl,
      username: "ringflow",
      password: "ari-secret",
      applicationName: `rf-${ws.slug}-${++apps}`,
    },
  });
  return ws.caller.providers.testConnection({ id: provider.id });
}

// How the API reads it in production: PBX_ALLOW_NETWORKS through the env schema and the config.
const { pbxAllowNetworks } = apiConfigFromEnv(
  readApiEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x", PBX_ALLOW_NETWORKS: "127.0.0.1/32" }),
);

describe("Asterisk test connection (GET /ari/asterisk/info)", () => {
  const t = harnessWithAri({ ...(pbxAllowNetworks ? { pbxAllowNetworks } : {}) });
  const h = t.h;

  it("reports the Asterisk version with the right credentials, and the refusal with wrong ones", async () => {
    const ws = await h.workspace("ari");
    const asterisk = {
      ariUrl: `${t.ari.url}/ari`,
      username: "ringflow",
      password: "ari-secret",
      applicationName: `rf-${ws.slug}`,
    };
    const provider = await ws.caller.providers.create({ kind: "ASTERISK", name: "PBX", asterisk });
    const listed = await ws.caller.providers.list();
    expect(listed[0]?.settings).toEqual({
      ariUrl: asterisk.ariUrl,
      username: "ringflow",
      applicationName: asterisk.applicationName,
      // None given: placed calls take the PBX's own outbound routes (docs/asterisk.md, step 10).
      outboundDialString: null,
    });
    expect(JSON.stringify(listed)).not.toContain("ari-secret");

    expect(await ws.caller.providers.testConnection({ id: provider.id })).toEqual({
      ok: true,
      message: "Connected to Asterisk 22.1.0 (pbx-1).",
    });
    expect(t.ari.requests.at(-1)).toEqual({
      method: "GET",
      url: "/ari/asterisk/info",
      authorization: `Basic ${Buffer.from("ringflow:ari-secret").toString("base64")}`,
    });

    await ws.caller.providers.update({ id: provider.id, asterisk: { password: "wrong" } });
    expect(await ws.caller.providers.testConnection({ id: provider.id })).toEqual({
      ok: false,
      message: "Asterisk refused the ARI user or password (401 Unauthorized); check ari.conf.",
    });
  });

  it("says plainly when nothing answers at the ARI URL", async () => {
    const ws = await h.workspace("ari-down");
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const provider = await ws.caller.providers.create({
      kind: "ASTERISK",
      name: "Down",
      asterisk: {
        ariUrl: `http://127.0.0.1:${port}`,
        username: "u",
        password: "p",
        applicationName: `rf-${ws.slug}`,
      },
    });
    const result = await ws.caller.providers.testConnection({ id: provider.id });
    expect(result).toEqual({
      ok: false,
      message: `Could not reach Asterisk at http://127.0.0.1:${port}/ari/asterisk/info: ECONNREFUSED`,
    });
  });
});

describe("Asterisk test connection to addresses tenants must not reach", () => {
  const t = harnessWithAri();
  const h = t.h;

  it("refuses loopback and every other special address without PBX_ALLOW_NETWORKS; nothing reaches the server", async () => {
    const ws = await h.workspace("ari-ssrf");
    const port = new URL(t.ari.url).port;
    expect(await testAt(ws, t.ari.url)).toEqual({
      ok: false,
      message:
        `Ringflow may not connect to ${t.ari.url}/ari/asterisk/info: requests to private or local addresses are not ` +
        "allowed (127.0.0.1 is 127.0.0.1, loopback). If your PBX is on a private network, ask your Ringflow " +
        "operator to allow it (PBX_ALLOW_NETWORKS).",
    });
    for (const ariUrl of [
      `http://[::ffff:127.0.0.1]:${port}`,
      `http://[::ffff:7f00:1]:${port}`,
      `http://2130706433:${port}`,
      `http://0x7f.1:${port}`,
      `http://[64:ff9b::7f00:1]:${port}`,
      "http://169.254.169.254/latest/meta-data",
      "http://[fec0::1]:8088",
      "http://198.18.0.1:8088",
      "http://192.0.0.8:8088",
    ])
      expect(await testAt(ws, ariUrl), ariUrl).toMatchObject({
        ok: false,
        message: expect.stringContaining("requests to private or local addresses are not allowed"),
      });
    expect(t.ari.requests).toEqual([]);
  });
});

describe("Asterisk test connection repeats only what ARI's answer means", () => {
  const t = harnessWithAri({ pbxAllowNetworks: ["127.0.0.1/32"] });
  const h = t.h;

  it("never echoes the body or reason phrase of a server that is not ARI", async () => {
    const ws = await h.workspace("ari-echo");
    expect(await testAt(ws, `${t.ari.url}/teapot`)).toEqual({
      ok: false,
      message: "Asterisk answered 500 Internal Server Error.",
    });
    expect(await testAt(ws, `${t.ari.url}/other`)).toEqual({
      ok: false,
      message: `The server at ${t.ari.url}/other/ari/asterisk/info answered, but not as Asterisk's ARI does; check the ARI URL.`,
    });
    expect(t.ari.requests.map((r) => r.url)).toEqual([
      "/teapot/ari/asterisk/info",
      "/other/ari/asterisk/info",
    ]);
  });
});
