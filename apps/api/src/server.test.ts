import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { pino } from "pino";
import { createRedis } from "@ringflow/platform";
import { PHONE_SOUND_NAMES, phoneSoundPath } from "@ringflow/flow-schema";
import { buildApiServer } from "./server.ts";
import type { Mail } from "./services/auth/mailer.ts";

describe("API server", () => {
  const db = createDb(testDatabaseUrl(), { max: 2 });
  const redis = createRedis();
  const builderDist = mkdtempSync(path.join(os.tmpdir(), "builder-dist-"));
  writeFileSync(path.join(builderDist, "index.html"), "<title>Ringflow</title>");
  const mailbox: Mail[] = [];
  let app: Awaited<ReturnType<typeof buildApiServer>>;

  beforeAll(async () => {
    app = await buildApiServer({
      db,
      redis,
      builderDist,
      mailer: { send: async (mail) => void mailbox.push(mail) },
    });
  });
  afterAll(async () => {
    await app.close();
    await db.$disconnect();
    await redis.quit();
  });

  it("/health reports the database and Redis, live", async () => {
    const response = await app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok", database: "ok", redis: "ok" });
  });

  it("serves the builder, and its client-side routes, from the built files", async () => {
    for (const url of ["/", "/flows/abc"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain("<title>Ringflow</title>");
    }
    expect((await app.inject({ method: "POST", url: "/nope" })).statusCode).toBe(404);
  });

  it("sends security headers with the builder, its routes, tRPC and /health", async () => {
    for (const url of ["/", "/index.html", "/flows/abc", "/trpc/system.health", "/health"]) {
      const { headers } = await app.inject({ method: "GET", url });
      const csp = String(headers["content-security-policy"]);
      expect(csp, url).toMatch(/(^|;)script-src 'self'(;|$)/);
      // The simulator's WebSocket goes to the runtime (RUNTIME_PORT 3001 by default); browser phones to wss.
      expect(csp, url).toMatch(
        /(^|;)connect-src 'self' http:\/\/127\.0\.0\.1:3001 ws:\/\/127\.0\.0\.1:3001 wss:(;|$)/,
      );
      expect(csp, url).toMatch(/(^|;)frame-ancestors 'none'(;|$)/);
      expect(csp, url).toMatch(/(^|;)media-src 'self'(;|$)/);
      expect(csp, url).not.toMatch(/twilio/);
      expect(csp, url).toMatch(/(^|;)object-src 'none'(;|$)/);
      expect(csp, url).toMatch(/(^|;)base-uri 'self'(;|$)/);
      expect(csp, url).not.toMatch(/upgrade-insecure-requests/);
      expect(headers["x-content-type-options"], url).toBe("nosniff");
      expect(headers["x-frame-options"], url).toBe("DENY");
      expect(headers["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
    }
  });

  it("serves the browser phone's tones as WAV files, on the CSP's own origin, and nothing else under them", async () => {
    for (const name of PHONE_SOUND_NAMES) {
      const response = await app.inject({ method: "GET", url: phoneSoundPath(name) });
      expect(response.statusCode, name).toBe(200);
      expect(response.headers["content-type"], name).toBe("audio/wav");
      const wav = response.rawPayload;
      expect(wav.subarray(0, 4).toString("ascii"), name).toBe("RIFF");
      expect(wav.subarray(8, 12).toString("ascii"), name).toBe("WAVE");
      // 8 kHz 16-bit mono PCM, with sound in it (a file of silence would play nothing).
      expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24)], name).toEqual([1, 1, 8000]);
      expect(wav.readUInt32LE(40), name).toBe(wav.length - 44);
      const loudest = Math.max(...Array.from({ length: 400 }, (_, i) => wav.readInt16LE(44 + i * 2)));
      expect(loudest, name).toBeGreaterThan(1000);
    }
    for (const url of ["/phone-sounds/cowbell.wav", "/phone-sounds/incoming.mp3"])
      expect((await app.inject({ method: "GET", url })).statusCode, url).toBe(404);
  });

  it("sets the session cookie HttpOnly and SameSite, reads it back, and refuses cross-origin changes", async () => {
    const origin = "http://127.0.0.1:3000";
    const signUp = await app.inject({
      method: "POST",
      url: "/trpc/auth.signUp",
      headers: { origin, "content-type": "application/json" },
      payload: {
        email: `http-${Date.now()}@test.ringflow`,
        password: "correct horse battery",
        name: "H",
        workspaceName: "Over HTTP",
      },
    });
    expect(signUp.statusCode).toBe(200);
    expect(signUp.headers["set-cookie"]).toBeUndefined();
    const token = /token=([\w-]+)/.exec(mailbox.at(-1)!.text)![1];
    const confirm = await app.inject({
      method: "POST",
      url: "/trpc/auth.confirmSignUp",
      headers: { origin, "content-type": "application/json" },
      payload: { token },
    });
    expect(confirm.statusCode).toBe(200);
    const setCookie = String(confirm.headers["set-cookie"]);
    expect(setCookie).toMatch(/^ringflow_session=[a-z2-7]{32}; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/);
    const cookie = setCookie.split(";")[0]!;

    const me = await app.inject({ method: "GET", url: "/trpc/auth.me", headers: { cookie } });
    expect(me.json().result.data).toMatchObject({ role: "OWNER", activeTenant: { name: "Over HTTP" } });

    const create = (headers: Record<string, string>) =>
      app.inject({
        method: "POST",
        url: "/trpc/flows.create",
        headers: { cookie, "content-type": "application/json", ...headers },
        payload: { name: "Via HTTP" },
      });
    const forged = await create({ origin: "https://evil.example" });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.message).toContain("Cross-origin request refused");
    expect((await create({})).statusCode).toBe(403);
    expect((await create({ referer: `${origin}/flows` })).statusCode).toBe(200);

    const bad = await app.inject({
      method: "POST",
      url: "/trpc/flows.create",
      headers: { cookie, origin, "content-type": "application/json" },
      payload: { name: 42 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe(
      "Invalid input: ✖ Invalid input: expected string, received number\n  → at name",
    );
    expect(bad.json().error.data.zodIssues[0].path).toEqual(["name"]);

    const signOut = await app.inject({
      method: "POST",
      url: "/trpc/auth.signOut",
      headers: { cookie, origin, "content-type": "application/json" },
    });
    expect(signOut.json()).toEqual({ result: { data: { signedOut: true } } });
    expect(String(signOut.headers["set-cookie"])).toMatch(
      /^ringflow_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/,
    );
  });

  it("logs each request once: procedures at info, health and the builder's files at debug", async () => {
    const lines: { level: number; msg: string; url?: string; status?: number }[] = [];
    const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const logged = await buildApiServer({ db, redis, builderDist, logger });
    try {
      await logged.inject({ method: "GET", url: "/trpc/auth.me" });
      await logged.inject({ method: "GET", url: "/health" });
      await logged.inject({ method: "GET", url: "/flows/abc" });
      const requests = lines.filter((l) => l.url);
      expect(requests.map((l) => [l.level, l.msg])).toEqual([
        [30, "GET /trpc/auth.me 200"],
        [20, "GET /health 200"],
        [20, "GET /flows/abc 200"],
      ]);
      expect(lines.filter((l) => /incoming request|request completed/.test(l.msg))).toEqual([]);
    } finally {
      await logged.close();
    }
  });

  it("answers tRPC", async () => {
    const response = await app.inject({ method: "GET", url: "/trpc/system.health" });
    expect(response.statusCode).toBe(200);
    expect(response.json().result.data).toMatchObject({ status: "ok" });
  });
});

describe("API server when the database fails", () => {
  // A real Postgres that refuses: the database does not exist, so every query fails inside Prisma.
  const db = createDb("postgresql://postgres@127.0.0.1:5432/ringflow_no_such_database", { max: 1 });
  const redis = createRedis();
  const logged: string[] = [];
  let app: Awaited<ReturnType<typeof buildApiServer>>;

  beforeAll(async () => {
    const logger = pino({ level: "error" }, { write: (line: string) => void logged.push(line) });
    app = await buildApiServer({ db, redis, logger });
  });
  afterAll(async () => {
    await app.close();
    await db.$disconnect();
    await redis.quit();
  });

  it("answers a generic error with a reference, and logs the real error under it", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/trpc/auth.signIn",
      headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json" },
      payload: { email: "someone@test.ringflow", password: "whatever-it-is" },
    });
    expect(response.statusCode).toBe(500);
    const { error } = response.json();
    expect(error.message).toMatch(/^Something went wrong on our side\. .* reference [0-9a-f-]{36}\.$/);
    expect(response.body).not.toMatch(/prisma|ringflow_no_such_database|database|stack|\.ts:/i);
    const reference = /reference ([0-9a-f-]{36})/.exec(error.message)![1]!;
    const line = logged.find((entry) => entry.includes(reference));
    expect(line).toMatch(/ringflow_no_such_database|does not exist/);
  });

  it("/health says the database is down, and nothing more", async () => {
    for (const url of ["/health", "/trpc/system.health"]) {
      const response = await app.inject({ method: "GET", url });
      const body = response.json();
      expect(url === "/health" ? body : body.result.data).toEqual({
        status: "down",
        database: "down",
        redis: "ok",
      });
    }
  });
});
