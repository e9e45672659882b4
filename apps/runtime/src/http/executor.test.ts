import { createServer } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HttpExecutor, type HttpRequestCommand } from "./executor.ts";

let port = 0;
const seen: string[] = [];
const server = createServer((req, res) => {
  seen.push(req.url ?? "");
  if (req.url === "/slow") return void setTimeout(() => res.end("late"), 1500);
  if (req.url === "/big") return void res.end("x".repeat(300 * 1024));
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    res.writeHead(201, { "content-type": "application/json", "x-seen": req.headers["x-token"] as string });
    res.end(JSON.stringify({ method: req.method, body }));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => void server.close());
beforeEach(() => void (seen.length = 0));

const command = (url: string, extra: Partial<HttpRequestCommand> = {}): HttpRequestCommand => ({
  type: "http.request",
  turn: 1,
  requestId: "CA1:1",
  method: "GET",
  url,
  headers: {},
  timeoutSeconds: 5,
  ...extra,
});

describe("HTTP request executor", () => {
  it("refuses every private, local and special address form; the loopback server receives nothing", async () => {
    const executor = new HttpExecutor({ resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    const attacks = [
      `http://127.0.0.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::ffff:7f00:1]:${port}/`,
      `http://[64:ff9b::7f00:1]:${port}/`,
      `http://2130706433:${port}/`,
      `http://0x7f.1:${port}/`,
      `http://localhost:${port}/`,
      `http://rebound.example:${port}/`,
      "http://[64:ff9b::7f00:1]/",
      "http://[fec0::1]/",
      "http://198.18.0.1/",
      "http://192.0.0.8/",
      "http://10.1.2.3/",
      "http://169.254.169.254/latest",
      "http://[::1]/",
    ];
    for (const url of attacks)
      expect(await executor.run(command(url)), url).toMatchObject({
        type: "http.error",
        message: expect.stringMatching(
          /^requests to private or local addresses are not allowed \(.+ is .+\)$/,
        ),
      });
    expect(await executor.run(command("file:///etc/passwd"))).toEqual({
      type: "http.error",
      message: "only http and https URLs are allowed, not file:",
    });
    expect(await executor.run(command("not a url"))).toEqual({
      type: "http.error",
      message: "not a URL: not a url",
    });
    expect(seen).toEqual([]);
  });

  it("never reaches loopback when DNS answers a public address first and 127.0.0.1 afterwards", async () => {
    let lookups = 0;
    const executor = new HttpExecutor({
      resolve: async () => [{ address: lookups++ === 0 ? "93.184.215.14" : "127.0.0.1", family: 4 }],
    });
    const outcome = await executor.run(command(`http://rebind.example:${port}/`, { timeoutSeconds: 1 }));
    expect(outcome.type).toBe("http.error");
    expect(lookups).toBe(1);
    expect(seen).toEqual([]);
  });

  it("reaches an allow-listed network at the address it checked", async () => {
    const executor = new HttpExecutor({
      allowHosts: ["127.0.0.0/8"],
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    });
    expect(
      await executor.run(command(`http://crm.internal:${port}/lookup`, { headers: { "X-Token": "t" } })),
    ).toMatchObject({
      type: "http.response",
      status: 201,
    });
    expect(seen).toEqual(["/lookup"]);
  });

  it("sends method, headers and body, and reads the answer", async () => {
    const executor = new HttpExecutor({ allowHosts: ["127.0.0.1"] });
    const outcome = await executor.run(
      command(`http://127.0.0.1:${port}/x`, { method: "POST", headers: { "X-Token": "t" }, body: '{"a":1}' }),
    );
    expect(outcome).toMatchObject({ type: "http.response", status: 201, headers: { "x-seen": "t" } });
    expect(JSON.parse((outcome as { body: string }).body)).toEqual({ method: "POST", body: '{"a":1}' });
  });

  it("times out at the node's timeout and refuses oversized answers", async () => {
    const executor = new HttpExecutor({ allowHosts: [`127.0.0.1:${port}`], maxResponseBytes: 256 * 1024 });
    expect(
      await executor.run(command(`http://127.0.0.1:${port}/slow`, { timeoutSeconds: 0.3 })),
    ).toMatchObject({ type: "http.error", timedOut: true });
    expect(await executor.run(command(`http://127.0.0.1:${port}/big`))).toMatchObject({
      type: "http.error",
      message: expect.stringContaining("larger than"),
    });
  });
});
