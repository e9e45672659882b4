import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { signRequest } from "../adapters/twilio/signature.ts";
import { startLogWriter } from "../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant, type SeededTenant } from "../testing/seed.ts";

/**
 * The execution log is durable before an answer leaves: a real runtime process (main.ts) is killed with
 * SIGKILL at random moments while calls run, again and again, and every turn Twilio got an answer for must
 * be in Postgres afterwards. CRASH_KILLS sets how many times (the check is 100).
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 12);
const PUBLIC_URL = "https://voice.crash.example";
const db = createDb(testDatabaseUrl(), { max: 3 });
let tenant: SeededTenant;
let writer: { close(): Promise<void> };

const menu = buildFlow({
  nodes: {
    start: ["start"],
    menu: [
      "menu",
      {
        prompt: { type: "say", text: { "en-US": "Press 1 to hear this again." } },
        options: [{ id: "again", dtmf: "1" }],
        retries: 0,
      },
    ],
    again: ["say", { text: { "en-US": "Again." } }],
    bye: ["hangup", {}],
  },
  edges: [
    ["start", "inbound", "menu"],
    ["menu", "again", "again"],
    ["again", "next", "menu"],
    ["menu", "noInput", "bye"],
    ["menu", "noMatch", "bye"],
  ],
});

beforeAll(async () => {
  tenant = await seedTwilioTenant(db, () => menu);
  writer = await startLogWriter(db);
});
afterAll(async () => {
  await writer.close();
  await db.$disconnect();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startProcess(port: number): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, "../main.ts"), [], {
    env: {
      ...process.env,
      RUNTIME_PORT: String(port),
      RUNTIME_PUBLIC_URL: PUBLIC_URL,
      RUNTIME_WORKERS: "false",
      // Each of the twelve starts would otherwise sync every tenant of the shared test database first.
      RUNTIME_SYNC_QUEUES_ON_START: "false",
      LOG_LEVEL: "silent",
    },
    execArgv: ["--import", "tsx"],
    stdio: "ignore",
  });
  await eventually(
    () =>
      fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      ),
    30_000,
  );
  return child;
}

/** What Twilio was answered: the turns whose answer reached it, per call. */
type Answered = Map<string, number>;

async function post(port: number, publicPath: string, params: Record<string, string>) {
  const response = await fetch(`http://127.0.0.1:${port}${publicPath}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": signRequest(tenant.authToken, PUBLIC_URL + publicPath, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: await response.text() };
}

/** A caller pressing 1 at every menu until the process dies under it. */
async function caller(port: number, answered: Answered, stop: { done: boolean }) {
  const params = {
    AccountSid: tenant.accountSid,
    CallSid: `CA${randomBytes(16).toString("hex")}`,
    From: "+14155550100",
    To: tenant.number,
    CallStatus: "in-progress",
    Direction: "inbound",
  };
  try {
    let answer = await post(port, "/twilio/voice", params);
    if (answer.status !== 200) return;
    answered.set(params.CallSid, 0);
    while (!stop.done) {
      const action = /<Gather[^>]* action="([^"]+)"/.exec(answer.body)?.[1]?.replace(/&amp;/g, "&");
      if (!action) return;
      const turn = Number(new URL(action).searchParams.get("turn"));
      answer = await post(port, action.slice(PUBLIC_URL.length), { ...params, Digits: "1" });
      if (answer.status !== 200) return;
      answered.set(params.CallSid, turn);
    }
  } catch {
    // The process died mid-request: that turn was never answered.
  }
}

describe("the execution log survives SIGKILL", () => {
  it(`loses no event of an answered turn across ${KILLS} SIGKILLs at random moments`, async () => {
    const answered: Answered = new Map();
    const port = await freePort();
    for (let kill = 0; kill < KILLS; kill++) {
      const child = await startProcess(port);
      const stop = { done: false };
      const before = answered.size;
      const callers = Array.from({ length: 8 }, () => caller(port, answered, stop));
      // The random moment is counted from the first answered call, so a slow first request on a loaded
      // machine cannot turn a round into a kill before any caller was answered.
      await eventually(async () => answered.size > before, 30_000);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 400));
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      stop.done = true;
      await Promise.all(callers);
      await exited;
    }
    expect(answered.size).toBeGreaterThan(KILLS);

    const calls = [...answered.keys()];
    const rows = await eventually(async () => {
      const found = await db.call.findMany({
        where: { tenantId: tenant.tenantId, providerCallId: { in: calls } },
        include: { events: { where: { type: "input" }, select: { data: true } } },
      });
      return found.length === calls.length ? found : null;
    }, 20_000);
    const lost: string[] = [];
    for (const row of rows) {
      const lastTurn = answered.get(row.providerCallId) as number;
      const inputs = new Set(row.events.map((e) => (e.data as { turn?: number }).turn));
      for (let turn = 1; turn <= lastTurn; turn++)
        if (!inputs.has(turn)) lost.push(`${row.providerCallId} turn ${turn}`);
    }
    expect(lost).toEqual([]);
    // And no gaps in any call's log.
    const gaps = await db.$queryRaw<{ callId: string }[]>`
      select "callId" from "CallEvent" where "tenantId" = ${tenant.tenantId}::uuid
      group by "callId" having max(seq) + 1 <> count(*)`;
    expect(gaps).toEqual([]);
  }, 600_000);
});
