import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness } from "../../testing/harness.ts";

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

describe("Asterisk test connection (GET /ari/asterisk/info)", () => {
  const h = createHarness();
  let ari: Awaited<ReturnType<typeof startFakeAri>>;
  beforeAll(async () => {
    ari = await startFakeAri();
  });
  afterAll(async () => {
    await h.close();
    await ari.close();
  });

  it("reports the Asterisk version with the right credentials, and the refusal with wrong ones", async () => {
    const ws = await h.workspace("ari");
    const asterisk = {
      ariUrl: `${ari.url}/ari`,
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
    });
    expect(JSON.stringify(listed)).not.toContain("ari-secret");

    expect(await ws.caller.providers.testConnection({ id: provider.id })).toEqual({
      ok: true,
      message: "Connected to Asterisk 22.1.0 (pbx-1).",
    });
    expect(ari.requests.at(-1)).toEqual({
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
