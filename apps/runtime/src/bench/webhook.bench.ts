// `npm run bench:runtime`: one webhook turn of a menu on the real runtime (its own process, real Postgres and
// Redis, log worker included) side by side with a minimal hand-written Express + twilio handler answering the
// same menu. Prints throughput and p50/p99 latency for both and their ratio; asserts nothing.
import { fork, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { Redis } from "ioredis";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createDb, generateKeySpec } from "@ringflow/db";
import { createScratchDatabase } from "@ringflow/db/testing";
import { runPrisma } from "../../../../scripts/lib/prisma-cli.ts";
import { signRequest } from "../adapters/twilio/signature.ts";
import { seedTwilioTenant } from "../testing/seed.ts";
import { drive, percentile, type Turn } from "./load.ts";

const PUBLIC_URL = "https://voice.bench.example";
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CALLS = 200;

process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
process.env.RINGFLOW_SECRET_KEYS ??= generateKeySpec("bench");
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `rfbench:${randomBytes(4).toString("hex")}:`;

const menu = buildFlow({
  name: "Bench menu",
  nodes: {
    start: ["start", { accepts: ["inbound"] }],
    menu: [
      "menu",
      {
        prompt: { type: "say", text: { "en-US": "For sales, press 1. For support, press 2." } },
        options: [
          { id: "sales", dtmf: "1" },
          { id: "support", dtmf: "2" },
        ],
        retries: 0,
      },
    ],
    sales: ["say", { text: { "en-US": "You chose sales." } }],
    bye: ["hangup", {}],
  },
  edges: [
    ["start", "inbound", "menu"],
    ["menu", "sales", "sales"],
    ["sales", "next", "menu"],
    ["menu", "support", "bye"],
    ["menu", "noInput", "bye"],
    ["menu", "noMatch", "bye"],
  ],
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A server in its own process (so it does not share the load generator's event loop), once it answers. */
async function child(
  script: string,
  env: Record<string, string>,
  probe: string,
): Promise<{ process: ChildProcess; port: number }> {
  const port = await freePort();
  const proc = fork(path.join(import.meta.dirname, script), [], {
    env: { ...process.env, ...env, PORT: String(port), RUNTIME_PORT: String(port) },
    // BENCH_PROFILE=<dir> writes a CPU profile of each server process there.
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`http://127.0.0.1:${port}${probe}`).then(
      () => true,
      () => false,
    );
    if (up) return { process: proc, port };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  proc.kill();
  throw new Error(`${script} did not start`);
}

/** A caller pressing 1 at every menu: each answer's <Gather action> is the next turn's URL. */
function caller(authToken: string, accountSid: string, to: string, firstAction: string) {
  const params = {
    AccountSid: accountSid,
    CallSid: `CA${randomBytes(16).toString("hex")}`,
    From: "+14155550100",
    To: to,
    CallStatus: "in-progress",
    Direction: "inbound",
    ApiVersion: "2010-04-01",
    Digits: "1",
  };
  let action = firstAction;
  return {
    params,
    setAction: (url: string) => (action = url),
    next(): Turn {
      return {
        path: action.slice(PUBLIC_URL.length),
        body: new URLSearchParams(params).toString(),
        signature: signRequest(authToken, action, params),
      };
    },
    answered(body: string) {
      const match = /<Gather[^>]* action="([^"]+)"/.exec(body);
      if (match) action = (match[1] as string).replace(/&amp;/g, "&");
    },
  };
}

type Caller = ReturnType<typeof caller>;

type Target = { name: string; port: number; callers: Caller[] };
const SLICE_SECONDS = 2;

/**
 * Both servers in alternating 2-second slices, so both meet the same background load of the machine; each
 * one's slices add up to `seconds`. Latencies and request counts are summed over its slices.
 */
async function interleaved(
  targets: Target[],
  seconds: number,
  rate: number,
  concurrency: number,
  label: string,
) {
  const totals = targets.map(() => ({ requests: 0, errors: 0, seconds: 0, latencies: [] as number[] }));
  for (let done = 0; done < seconds; done += SLICE_SECONDS)
    for (const [i, target] of targets.entries()) {
      const slice = await drive({
        port: target.port,
        seconds: SLICE_SECONDS,
        rate,
        concurrency,
        sessions: [...target.callers],
      });
      const total = totals[i] as (typeof totals)[number];
      total.requests += slice.requests;
      total.errors += slice.errors;
      total.seconds += slice.seconds;
      for (const latency of slice.latencies) total.latencies.push(latency);
    }
  return totals.map((total, i) => {
    const sorted = total.latencies.sort((a, b) => a - b);
    return {
      name: `${(targets[i] as Target).name} ${label}`,
      rps: total.requests / total.seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      errors: total.errors,
    };
  });
}

const scratch = await createScratchDatabase("bench");
const children: ChildProcess[] = [];
try {
  await runPrisma(["migrate", "deploy"], scratch.url, { quiet: true });
  const db = createDb(scratch.url, { max: 2 });
  const tenant = await seedTwilioTenant(db, () => menu);

  const runtime = await child(
    "../main.ts",
    {
      DATABASE_URL: scratch.url,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      RUNTIME_PUBLIC_URL: PUBLIC_URL,
      LOG_LEVEL: "warn",
    },
    "/health",
  );
  children.push(runtime.process);
  const baseline = await child("express-baseline.ts", { PUBLIC_URL, AUTH_TOKEN: tenant.authToken }, "/");
  children.push(baseline.process);

  // Answer CALLS calls on the runtime (the voice webhook), so every measured request is a real menu turn.
  const runtimeCallers = [];
  for (let i = 0; i < CALLS; i++) {
    const c = caller(tenant.authToken, tenant.accountSid, tenant.number, "");
    const voiceUrl = `${PUBLIC_URL}/twilio/voice`;
    const { Digits: _digits, ...voiceParams } = c.params;
    const response = await fetch(`http://127.0.0.1:${runtime.port}/twilio/voice`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": signRequest(tenant.authToken, voiceUrl, voiceParams),
      },
      body: new URLSearchParams(voiceParams).toString(),
    });
    c.answered(await response.text());
    runtimeCallers.push(c);
  }
  const baselineCallers = Array.from({ length: CALLS }, () =>
    caller(tenant.authToken, tenant.accountSid, tenant.number, `${PUBLIC_URL}/twilio/gather?turn=1`),
  );

  const targets: Target[] = [
    { name: "express+twilio", port: baseline.port, callers: baselineCallers },
    { name: "ringflow runtime", port: runtime.port, callers: runtimeCallers },
  ];
  await interleaved(targets, 2, 0, 16, "warm-up");
  type Row = Awaited<ReturnType<typeof interleaved>>[number];
  const [baseFixed, rtFixed] = (await interleaved(targets, SECONDS, RATE, 50, `@ ${RATE}/s`)) as [Row, Row];
  const [baseMax, rtMax] = (await interleaved(targets, Math.max(4, SECONDS / 2), 0, 32, "max")) as [Row, Row];
  const results = [baseFixed, baseMax, rtFixed, rtMax];

  const rows = results.map(
    (r) =>
      `${r.name.padEnd(28)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   errors ${r.errors}`,
  );
  console.log(
    `\nwebhook turn of a menu (signed Twilio gather webhook), ${CALLS} calls, both servers in alternating ${SLICE_SECONDS} s slices\n`,
  );
  console.log(rows.join("\n"));
  console.log(
    `\nratio runtime/express: max throughput ${(rtMax.rps / baseMax.rps).toFixed(2)} (goal >= 0.50), ` +
      `p99 at ${RATE}/s ${rtFixed.p99.toFixed(2)} ms vs ${baseFixed.p99.toFixed(2)} ms (goal < 15 ms)`,
  );
  const events = await db.callEvent.count();
  console.log(`call events written by the log worker so far: ${events}`);
  await db.$disconnect();
} finally {
  for (const c of children) c.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 500));
  await scratch.drop().catch(() => {});
  const redis = new Redis(redisUrl);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== "0");
  await redis.quit();
}
