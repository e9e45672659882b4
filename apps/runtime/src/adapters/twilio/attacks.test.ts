import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createRedis } from "@ringflow/platform";
import { RedisCallStore } from "../../calls/call-store.ts";
import { buildRuntimeServer } from "../../server.ts";
import { FakeTwilio } from "../../testing/fake-twilio.ts";
import { startLogWriter, startRuntime, type RuntimeInstance } from "../../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant, type SeededTenant } from "../../testing/seed.ts";
import { signRequest } from "./signature.ts";

const PUBLIC_URL = "https://voice.ringflow.example";
const db = createDb(testDatabaseUrl(), { max: 3 });
let runtime: RuntimeInstance;
let writer: { close(): Promise<void> };
let a: SeededTenant;
let b: SeededTenant;
let twilioA: FakeTwilio;
let twilioB: FakeTwilio;

const menu = () =>
  buildFlow({
    nodes: {
      start: ["start"],
      menu: [
        "menu",
        {
          prompt: { type: "say", text: { "en-US": "Press 1 for sales." } },
          options: [{ id: "sales", dtmf: "1" }],
        },
      ],
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "menu"],
      ["menu", "sales", "bye"],
      ["menu", "noMatch", "bye"],
      ["menu", "noInput", "bye"],
    ],
  });

beforeAll(async () => {
  runtime = await startRuntime({ publicUrl: PUBLIC_URL });
  writer = await startLogWriter(db);
  a = await seedTwilioTenant(db, menu);
  b = await seedTwilioTenant(db, menu);
  const fake = (t: SeededTenant, url = runtime.url) =>
    new FakeTwilio({
      publicUrl: PUBLIC_URL,
      instances: [url],
      accountSid: t.accountSid,
      authToken: t.authToken,
    });
  twilioA = fake(a);
  twilioB = fake(b);
});

afterAll(async () => {
  await writer.close();
  await runtime.close();
  await db.$disconnect();
});

/** Posts a webhook signed by `t`'s own account, for whatever CallSid the attacker names. */
function signedBy(t: SeededTenant, path: string, params: Record<string, string>) {
  return (t === a ? twilioA : twilioB).post(PUBLIC_URL + path, { AccountSid: t.accountSid, ...params });
}

describe("webhooks act only on calls of the account that signed them", () => {
  it("a webhook signed by account B that names account A's CallSid changes nothing of A's call", async () => {
    const call = await twilioA.call({ from: "+14155550100", to: a.number });
    const key = { account: a.providerAccountId, id: call.callSid };
    const store = new RedisCallStore(runtime.redis);
    const row = await eventually(() =>
      db.call.findFirst({ where: { tenantId: a.tenantId, providerCallId: call.callSid } }),
    );
    const before = await store.load(key);
    const common = { CallSid: call.callSid, From: "+14155550100", To: a.number, CallStatus: "in-progress" };

    const gather = await signedBy(b, "/twilio/gather?turn=1", { ...common, Digits: "1" });
    expect(gather.status).toBe(200);
    expect(gather.body).not.toContain("sales");
    expect(gather.body).toContain("<Hangup/>");
    await signedBy(b, "/twilio/status", { ...common, CallStatus: "completed", CallDuration: "3" });
    await signedBy(b, "/twilio/recording-status", {
      CallSid: call.callSid,
      RecordingSid: "RE" + "a".repeat(32),
      RecordingUrl: "https://attacker.example/evil.mp3",
      RecordingStatus: "completed",
    });

    expect((await store.load(key)).record).toEqual(before.record);
    // A's call goes on as if nothing happened.
    await call.press("1");
    expect(call.has("Hangup")).toBe(true);
    await call.statusCallback("completed", 4);
    const done = await eventually(() =>
      db.call.findFirst({
        where: { id: row.id, tenantId: a.tenantId, status: "COMPLETED", outcome: { not: null } },
      }),
    );
    expect(done.durationSeconds).toBe(4);
    expect(
      await db.recording.count({ where: { OR: [{ callId: row.id }, { url: { contains: "attacker" } }] } }),
    ).toBe(0);
    // B's own account never gained a call row of that CallSid either.
    expect(await db.call.count({ where: { tenantId: b.tenantId, providerCallId: call.callSid } })).toBe(0);
  });
});

describe("malformed webhooks get a clear 4xx and run nothing", () => {
  const form = (t: SeededTenant, params: Record<string, string>) => ({
    AccountSid: t.accountSid,
    CallSid: "CA" + "1".repeat(32),
    From: "+14155550100",
    To: t.number,
    ...params,
  });
  const send = (path: string, body: string, contentType: string | null, signature?: string) =>
    fetch(runtime.url + path, {
      method: "POST",
      headers: {
        ...(contentType ? { "content-type": contentType } : {}),
        ...(signature ? { "x-twilio-signature": signature } : {}),
      },
      body,
    });

  it("answers 415 to JSON (even signed like a form), XML, multipart and bodies without a content type", async () => {
    const params = form(a, {});
    const signature = signRequest(a.authToken, `${PUBLIC_URL}/twilio/voice`, params);
    const json = await send("/twilio/voice", JSON.stringify(params), "application/json", signature);
    expect(json.status).toBe(415);
    expect(await json.text()).toContain("application/x-www-form-urlencoded");
    expect((await send("/twilio/voice", "<a/>", "text/xml")).status).toBe(415);
    expect((await send("/twilio/voice", "--x\r\n\r\n--x--", "multipart/form-data; boundary=x")).status).toBe(
      415,
    );
    expect((await send("/twilio/voice", "CallSid=1", null)).status).toBe(415);
    expect(await db.call.count({ where: { tenantId: a.tenantId, providerCallId: params.CallSid } })).toBe(0);
  });

  it("answers 413 to a body over the limit and 400 to an empty or garbled turn", async () => {
    const big = await send(
      "/twilio/voice",
      `CallSid=${"x".repeat(200_000)}`,
      "application/x-www-form-urlencoded",
    );
    expect(big.status).toBe(413);
    for (const turn of ["", "abc", "-1", "1e3"]) {
      const response = await twilioA.post(
        `${PUBLIC_URL}/twilio/gather?turn=${turn}`,
        form(a, { Digits: "1" }),
      );
      expect(response.status, `turn=${turn}`).toBe(400);
      expect(response.body).not.toMatch(/zod|stack|at /i);
    }
  });
});

/** A TCP proxy in front of the real Redis that can be cut and restored: a Redis outage without stopping Redis. */
async function redisProxy(): Promise<{ url: string; cut(): void; restore(): Promise<void>; close(): void }> {
  const target = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const sockets = new Set<Socket>();
  let server: TcpServer;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createTcpServer((client) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("error", () => {});
          s.on("close", () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        port = typeof address === "object" && address ? address.port : 0;
        resolve();
      });
    });
  await listen();
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      server.close();
      for (const s of sockets) s.destroy();
    },
    restore: listen,
    close() {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

describe("faults: Twilio always gets TwiML, never a 500", () => {
  it("apologises and retries while Redis is down, hangs up after two retries, and recovers without a restart", async () => {
    const proxy = await redisProxy();
    const redis = createRedis(proxy.url);
    redis.on("error", () => {});
    const app = await buildRuntimeServer({
      db,
      redis,
      config: { publicUrl: PUBLIC_URL, redisUrl: proxy.url },
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const twilio = new FakeTwilio({
      publicUrl: PUBLIC_URL,
      instances: [url],
      accountSid: a.accountSid,
      authToken: a.authToken,
    });
    try {
      const live = await twilio.call({ from: "+14155550100", to: a.number });
      expect(live.spoken()).toEqual(["Press 1 for sales."]);
      proxy.cut();

      const fresh = await twilio.call({ from: "+14155550101", to: a.number });
      const first = twilio.log.at(-1)!;
      expect(first.status).toBe(200);
      expect(first.body).toContain("<Say>We are sorry, please hold on a moment.</Say>");
      const retry = fresh.verb("Redirect").text;
      expect(retry).toContain(`${PUBLIC_URL}/twilio/voice?retry=1`);

      // A live call's input is carried into the retry, so the caller's key press is not lost.
      await live.press("1");
      const carried = live.verb("Redirect").text;
      expect(carried).toMatch(/\/twilio\/gather\?turn=1&retry=1&carryDigits=1/);

      await fresh.redirect();
      expect(fresh.verb("Redirect").text).toContain("retry=2");
      await fresh.redirect();
      expect(fresh.spoken()).toEqual([
        "We are sorry, we cannot take your call right now. Please call again later.",
      ]);
      expect(fresh.has("Hangup")).toBe(true);

      await proxy.restore();
      await eventually(async () => (await redis.ping().catch(() => null)) === "PONG");
      // The live call's retry now goes through with the digits it carried.
      await live.redirect();
      expect(live.has("Hangup")).toBe(true);
      expect(twilio.log.every((exchange) => exchange.status === 200)).toBe(true);
    } finally {
      await app.close();
      await redis.quit().catch(() => {});
      proxy.close();
    }
  });

  it("apologises instead of answering 500 while Postgres is down", async () => {
    const unreachable = createDb("postgresql://postgres@127.0.0.1:1/none", { max: 1 });
    const app = await buildRuntimeServer({
      db: unreachable,
      redis: runtime.redis,
      config: { publicUrl: PUBLIC_URL },
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    try {
      const twilio = new FakeTwilio({
        publicUrl: PUBLIC_URL,
        instances: [url],
        accountSid: a.accountSid,
        authToken: a.authToken,
      });
      const call = await twilio.call({ from: "+14155550102", to: a.number });
      expect(twilio.log.at(-1)?.status).toBe(200);
      expect(call.spoken()).toEqual(["We are sorry, please hold on a moment."]);
      expect(call.verb("Redirect").text).toBe(`${PUBLIC_URL}/twilio/voice?retry=1`);
      const status = await call.statusCallback("completed", 1);
      expect(status.status).not.toBeGreaterThanOrEqual(500);
    } finally {
      await app.close();
      await unreachable.$disconnect().catch(() => {});
    }
  });
});
