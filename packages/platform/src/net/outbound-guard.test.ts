import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OutboundGuard, OutboundRefusedError, type ResolveHost } from "./outbound-guard.ts";

// The server an attacker wants to reach: nothing may arrive here unless the test allows it.
const received: { url: string; headers: IncomingHttpHeaders }[] = [];
const server = createServer((req, res) => {
  received.push({ url: req.url ?? "", headers: req.headers });
  if (req.url === "/big") return void res.end("x".repeat(300 * 1024));
  if (req.url === "/moved") return void res.writeHead(302, { location: "http://127.0.0.1/" }).end();
  res.end("secret from loopback");
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => void server.close());
beforeEach(() => void (received.length = 0));

const limits = { maxResponseBytes: 256 * 1024 };
const noDns: ResolveHost = () => Promise.reject(new Error("no DNS here"));

describe("outbound guard", () => {
  const attacks = () => [
    `http://127.0.0.1:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://[::ffff:7f00:1]:${port}/`,
    `http://[::ffff:7f00:0001]:${port}/`,
    `http://[0:0:0:0:0:ffff:127.0.0.1]:${port}/`,
    `http://[::127.0.0.1]:${port}/`,
    `http://[64:ff9b::7f00:1]:${port}/`,
    `http://[64:ff9b::127.0.0.1]:${port}/`,
    `http://[2002:7f00:1::]:${port}/`,
    `http://[::1]:${port}/`,
    `http://[::]:${port}/`,
    `http://0.0.0.0:${port}/`,
    `http://0:${port}/`,
    `http://2130706433:${port}/`,
    `http://0x7f.1:${port}/`,
    `http://0177.0.0.1:${port}/`,
    `http://127.1:${port}/`,
    "http://[64:ff9b::7f00:1]/",
    "http://[fec0::1]/",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://[ff02::1]/",
    "http://198.18.0.1/",
    "http://192.0.0.8/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.100.100.200/",
    "http://10.0.0.1/",
    "http://192.168.0.1/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
  ];

  it("refuses every special-purpose address form, and the loopback server receives nothing", async () => {
    const guard = new OutboundGuard({ resolve: noDns });
    for (const url of attacks()) {
      const error = await guard.request(url, limits).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, url).toBeInstanceOf(OutboundRefusedError);
      expect((error as Error).message, url).toMatch(
        /^requests to private or local addresses are not allowed \(.+ is .+\)$/,
      );
    }
    expect(received).toEqual([]);
  });

  it("refuses names that resolve to a special address, even when only one of their addresses is", async () => {
    const guard = new OutboundGuard({
      resolve: async () => [
        { address: "93.184.215.14", family: 4 },
        { address: "127.0.0.1", family: 4 },
      ],
    });
    await expect(guard.request(`http://mixed.test:${port}/`, limits)).rejects.toThrow(
      "requests to private or local addresses are not allowed (mixed.test is 127.0.0.1, loopback)",
    );
    await expect(guard.request("file:///etc/passwd", limits)).rejects.toThrow(
      "only http and https URLs are allowed, not file:",
    );
    await expect(
      new OutboundGuard({ resolve: noDns }).request("http://nowhere.test/", limits),
    ).rejects.toThrow("cannot resolve nowhere.test");
    expect(received).toEqual([]);
  });

  it("connects to the address it checked: a DNS answer that turns to 127.0.0.1 afterwards never reaches it", async () => {
    let lookups = 0;
    // Public at check time, loopback for anyone who asks again (the connection, if it resolved itself).
    const rebinding: ResolveHost = async () => [
      { address: lookups++ === 0 ? "93.184.215.14" : "127.0.0.1", family: 4 },
    ];
    const guard = new OutboundGuard({ resolve: rebinding });
    // 93.184.215.14 is unreachable from this machine: the request fails or times out, but goes nowhere else.
    await expect(
      guard.request(`http://rebind.test:${port}/`, { ...limits, signal: AbortSignal.timeout(1000) }),
    ).rejects.toThrow();
    expect(lookups).toBe(1);
    expect(received).toEqual([]);
  });

  it("reaches an allow-listed network at the checked address, keeps the Host header, follows no redirect", async () => {
    const guard = new OutboundGuard({
      allow: ["127.0.0.0/8"],
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    });
    const answer = await guard.request(`http://pbx.test:${port}/info`, limits);
    expect(answer).toMatchObject({ status: 200, body: "secret from loopback" });
    expect(received).toMatchObject([{ url: "/info", headers: { host: `pbx.test:${port}` } }]);

    expect(await guard.request(`http://127.0.0.1:${port}/moved`, limits)).toMatchObject({
      status: 302,
      headers: { location: "http://127.0.0.1/" },
    });
    expect(received.map((r) => r.url)).toEqual(["/info", "/moved"]);

    await expect(guard.request(`http://127.0.0.1:${port}/big`, limits)).rejects.toThrow(
      "the response is larger than 262144 bytes",
    );
  });

  it("lets an allow-listed host[:port] through and nothing else on that host", async () => {
    const guard = new OutboundGuard({ allow: [`127.0.0.1:${port}`], resolve: noDns });
    expect(await guard.request(`http://127.0.0.1:${port}/`, limits)).toMatchObject({ status: 200 });
    await expect(guard.request(`http://127.0.0.1:${port + 1}/`, limits)).rejects.toThrow(/not allowed/);
    await expect(guard.request(`http://[::ffff:7f00:1]:${port}/`, limits)).rejects.toThrow(/not allowed/);
    expect(received).toHaveLength(1);
  });
});
