import Fastify from "fastify";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loggableUrl, logRequests, oneLineRequestLogging } from "./request-log.ts";

type Line = { level: number; msg: string; method?: string; url?: string; status?: number; ms?: number };

async function serverLogging(options: Parameters<typeof logRequests>[1] = {}) {
  const lines: Line[] = [];
  const logger = pino(
    { level: "debug" },
    { write: (line: string) => void lines.push(JSON.parse(line) as Line) },
  );
  const app = Fastify({ loggerInstance: logger, ...oneLineRequestLogging() });
  logRequests(app, options);
  app.get("/health", async () => ({ status: "ok" }));
  app.get("/assets/app.js", async () => "js");
  app.get("/trpc/flows.list", async () => ({ ok: true }));
  app.get("/boom", async () => {
    throw new Error("kaput");
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as { port: number };
  const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.status);
  return { app, lines, get };
}

describe("request logging", () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => close?.());

  it("logs one line per request with method, url, status and ms; health and static files at debug", async () => {
    const { app, lines, get } = await serverLogging({
      quiet: (path) => path === "/health" || path.startsWith("/assets/"),
    });
    close = () => app.close();
    expect(await get("/trpc/flows.list?input=%7B%7D")).toBe(200);
    expect(await get("/health")).toBe(200);
    expect(await get("/assets/app.js")).toBe(200);
    expect(await get("/nope")).toBe(404);
    expect(await get("/boom")).toBe(500);

    const requestLines = lines.filter((l) => l.method);
    expect(requestLines.map((l) => [l.level, l.method, l.url, l.status])).toEqual([
      [30, "GET", "/trpc/flows.list?input=%7B%7D", 200],
      [20, "GET", "/health", 200],
      [20, "GET", "/assets/app.js", 200],
      [30, "GET", "/nope", 404],
      [50, "GET", "/boom", 500],
    ]);
    for (const line of requestLines) expect(line.ms).toBeGreaterThanOrEqual(0);
    // Fastify's own "incoming request" / "request completed" pair is gone.
    expect(lines.filter((l) => /incoming request|request completed/.test(l.msg))).toEqual([]);
  });

  it("keeps secrets in the query out of the line", async () => {
    const { app, lines, get } = await serverLogging();
    close = () => app.close();
    await get("/trpc/flows.list?token=abc123&page=2&api_key=k-9&X-Amz-Signature=s1");
    const line = lines.find((l) => l.method)!;
    expect(line.url).toBe("/trpc/flows.list?token=[masked]&page=2&api_key=[masked]&X-Amz-Signature=[masked]");
    expect(JSON.stringify(lines)).not.toMatch(/abc123|k-9|s1\b/);
  });

  it("leaves URLs without a query as they are", () => {
    expect(loggableUrl("/flows/abc")).toBe("/flows/abc");
    expect(loggableUrl("/x?")).toBe("/x");
  });
});
