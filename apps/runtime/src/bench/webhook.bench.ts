// `npm run bench:runtime`: whole Twilio calls on the real runtime (its own process, real Postgres and Redis,
// the log worker in its child process) side by side with a hand-written Express + twilio server answering
// the same TwiML (express-baseline.ts), both on loopback. Prints every figure and its goal; asserts nothing.
// BENCH_RATE (webhooks/s, default 500), BENCH_SECONDS (per server and phase, default 10) and BENCH_LIVE_CALLS
// (default 10000) scale the load.
import http from "node:http";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { createDb, generateKeySpec } from "@ringflow/db";
import { createScratchDatabase } from "@ringflow/db/testing";
import { runPrisma } from "../../../../scripts/lib/prisma-cli.ts";
import { CALL_LOG_STREAM } from "../jobs/call-log.job.ts";
import { seedTwilioTenant } from "../testing/seed.ts";
import { benchFlow, WHOLE_CALL_DIGITS } from "./bench-flow.ts";
import { sequentialStarts, simultaneousStarts } from "./burst.ts";
import { liveCalls } from "./live-calls.ts";
import { drive, post, type LoadResult } from "./load.ts";
import { keyFigures, sampleBacklog, waitForDrain } from "./redis-figures.ts";
import { printBacklog } from "./backlog-report.ts";
import { bytes, goal, heading, latencyStats, merge, ms, table } from "./report.ts";
import { startServer, type Server } from "./servers.ts";
import { wholeCalls, type TwilioLine } from "./twilio-caller.ts";

const PUBLIC_URL = "https://voice.bench.example";
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LIVE_CALLS = Number(process.env.BENCH_LIVE_CALLS ?? 10_000);
/** Callers per server: each makes whole calls one after another. */
const CALLERS = 200;
const SLICE_SECONDS = 2;
const BURST = 100;
const BURST_ROUNDS = 10;

process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
process.env.RINGFLOW_SECRET_KEYS ??= generateKeySpec("bench");
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `rfbench:${randomBytes(4).toString("hex")}:`;
const stream = `${prefix}${CALL_LOG_STREAM}`;

interface Target {
  name: string;
  server: Server;
  callers: ReturnType<typeof wholeCalls>[];
}

/**
 * Both servers in alternating slices, so both meet the same background load of the machine; each one's
 * slices add up to `seconds`. `onSlice` hears which server a slice drives.
 */
async function interleaved(
  targets: Target[],
  seconds: number,
  rate: number,
  concurrency: number,
  onSlice: (name: string) => Promise<void> = async () => {},
): Promise<LoadResult[]> {
  const slices: LoadResult[][] = targets.map(() => []);
  for (let done = 0; done < seconds; done += SLICE_SECONDS)
    for (const [i, target] of targets.entries()) {
      await onSlice(target.name);
      const slice = await drive({
        port: target.server.port,
        seconds: Math.min(SLICE_SECONDS, seconds - done),
        rate,
        concurrency,
        sessions: [...target.callers],
      });
      slices[i]?.push(slice);
    }
  return slices.map(merge);
}

/** One whole call's answers (status and body of every webhook), to compare the servers byte for byte. */
async function transcript(port: number, line: TwilioLine) {
  const caller = wholeCalls(line, WHOLE_CALL_DIGITS, 1);
  const agent = new http.Agent({ keepAlive: false });
  const answers: { kind: string; status: number; body: string }[] = [];
  for (let webhook = caller.next(); webhook; webhook = caller.next()) {
    const { status, body } = await post(port, webhook, agent);
    answers.push({ kind: webhook.kind, status, body });
    caller.answered(status >= 200 && status < 300, body);
  }
  return answers;
}

function wholeCallRows(label: string, results: [string, LoadResult][]): string[][] {
  const kinds = ["voice", "gather", "status"];
  return [
    [label, "calls/s", "webhooks/s", "errors", ...kinds.flatMap((k) => [`${k} p50`, `${k} p99`]), "all p99"],
    ...results.map(([name, r]) => {
      const stats = latencyStats(r);
      return [
        name,
        (r.calls / r.seconds).toFixed(0),
        (r.requests / r.seconds).toFixed(0),
        String(r.errors),
        ...kinds.flatMap((k) => [ms(stats.kinds[k]?.p50 ?? NaN), ms(stats.kinds[k]?.p99 ?? NaN)]),
        ms(stats.all.p99),
      ];
    }),
  ];
}

const scratch = await createScratchDatabase("bench");
const servers: Server[] = [];
const redis = new Redis(redisUrl);
const db = createDb(scratch.url, { max: 2 });
// Bounded in time whatever happens: a stuck phase ends the run.
const deadline = setTimeout(() => {
  console.error("the benchmark ran for 10 minutes; stopping");
  process.exitCode = 1;
  for (const s of servers) s.process.kill("SIGKILL");
  process.exit();
}, 10 * 60_000);
deadline.unref();
try {
  await runPrisma(["migrate", "deploy"], scratch.url, { quiet: true });
  const tenant = await seedTwilioTenant(db, () => benchFlow);
  const line: TwilioLine = { publicUrl: PUBLIC_URL, ...tenant };
  const callKey = (callSid: string) => `${prefix}call:${tenant.providerAccountId}:${callSid}`;

  const runtime = await startServer(
    "../main.ts",
    {
      DATABASE_URL: scratch.url,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      RUNTIME_PUBLIC_URL: PUBLIC_URL,
      RUNTIME_WORKERS: "true",
      LOG_LEVEL: "warn",
    },
    "/health",
  );
  servers.push(runtime);
  const baseline = await startServer(
    "express-baseline.ts",
    { PUBLIC_URL, AUTH_TOKEN: tenant.authToken },
    "/",
  );
  servers.push(baseline);

  console.log(
    `runtime pid ${runtime.pid}, baseline pid ${baseline.pid}; BENCH_RATE=${RATE} BENCH_SECONDS=${SECONDS} ` +
      `BENCH_LIVE_CALLS=${LIVE_CALLS}; ${CALLERS} callers per server; a whole call = voice, gather (1), ` +
      `gather (2, hang up), status (completed)`,
  );

  const [runtimeAnswers, baselineAnswers] = [
    await transcript(runtime.port, line),
    await transcript(baseline.port, line),
  ];
  const text = (answers: typeof runtimeAnswers) => answers.map((a) => `${a.kind} ${a.status}\n${a.body}`);
  // Equal refusals would match too: the whole call must have been answered, every webhook with 2xx.
  const same =
    runtimeAnswers.length === WHOLE_CALL_DIGITS.length + 2 &&
    runtimeAnswers.every((a) => a.status >= 200 && a.status < 300) &&
    text(runtimeAnswers).join("\n") === text(baselineAnswers).join("\n");
  heading("same TwiML");
  console.log(
    `baseline answers the runtime's TwiML byte for byte: ${same ? "yes" : "NO"} ` +
      `(${runtimeAnswers.map((a) => `${a.kind} ${a.status} ${a.body.length} B`).join(", ")})`,
  );
  if (!same)
    console.log(
      `runtime:\n${text(runtimeAnswers).join("\n")}\n\nbaseline:\n${text(baselineAnswers).join("\n")}`,
    );

  const callers = () => Array.from({ length: CALLERS }, () => wholeCalls(line, WHOLE_CALL_DIGITS));
  const targets: Target[] = [
    { name: "express+twilio", server: baseline, callers: callers() },
    { name: "ringflow runtime", server: runtime, callers: callers() },
  ];
  await interleaved(targets, 2, 0, 16);
  await waitForDrain(redis, stream, db, 30);

  // 1 + 4: whole calls as fast as 32 connections go, the log backlog sampled every second during and after.
  const sampler = sampleBacklog(redis, stream, db, "idle");
  const [baseMax, rtMax] = (await interleaved(targets, SECONDS, 0, 32, (name) =>
    sampler.mark(`max: ${name}`),
  )) as [LoadResult, LoadResult];
  // The slices let the worker catch up while the baseline runs; alone, the runtime shows whether it keeps up.
  await sampler.mark("sustained: ringflow runtime");
  const rtSustained = await drive({
    port: runtime.port,
    seconds: SECONDS,
    rate: 0,
    concurrency: 32,
    sessions: [...(targets[1] as Target).callers],
  });
  await sampler.mark("after load");
  const loadStopped = performance.now();
  const drained = await waitForDrain(redis, stream, db, 90);
  const drainSeconds = drained.seconds === null ? null : (performance.now() - loadStopped) / 1000;
  const samples = await sampler.stop();

  heading(
    `1. whole calls, as fast as 32 connections go, ${SECONDS} s per server in ${SLICE_SECONDS} s slices`,
  );
  console.log(
    table(
      wholeCallRows("server", [
        ["express+twilio", baseMax],
        ["ringflow runtime", rtMax],
        ["ringflow runtime, alone", rtSustained],
      ]),
    ),
  );
  const ratio = rtMax.calls / rtMax.seconds / (baseMax.calls / baseMax.seconds);
  console.log(
    `ratio runtime/baseline whole calls/s: ${ratio.toFixed(2)} (goal >= 0.50: ${goal(ratio >= 0.5)})`,
  );

  heading(
    `4. log worker: the stream's backlog every second during the max phase, ${SECONDS} s of the runtime alone, and after`,
  );
  printBacklog(samples, { ...drained, seconds: drainSeconds });

  // 5. An ended call's key: the tombstone that replays and late callbacks read.
  const endedSid = targets[1]?.callers.find((c) => c.ended.length)?.ended[0];
  heading("5. an ended call's key");
  if (endedSid) {
    const ended = await keyFigures(redis, callKey(endedSid));
    console.log(
      `${callKey(endedSid)}: ${Object.entries(ended.sizes)
        .map(([field, size]) => `${field} ${size} B`)
        .join(", ")}\n${ended.fieldBytes} B of fields and values ` +
        `(goal <= 512 B: ${goal(ended.fieldBytes <= 512)}), MEMORY USAGE ${ended.memory} B ` +
        `(${goal(ended.memory <= 512)}), TTL ${ended.ttl} s (goal <= 600 s: ${goal(ended.ttl > 0 && ended.ttl <= 600)})`,
    );
  } else console.log("no call ended on the runtime");

  // 2. A fixed rate of webhooks (whole calls in order).
  const [baseFixed, rtFixed] = (await interleaved(targets, SECONDS, RATE, 64)) as [LoadResult, LoadResult];
  heading(
    `2. whole calls at a fixed ${RATE} webhooks/s, ${SECONDS} s per server in ${SLICE_SECONDS} s slices`,
  );
  console.log(
    table(
      wholeCallRows("server", [
        ["express+twilio", baseFixed],
        ["ringflow runtime", rtFixed],
      ]),
    ),
  );
  const rtP99 = latencyStats(rtFixed).all.p99;
  console.log(
    `webhook p99 at ${RATE}/s: runtime ${ms(rtP99)} (goal < 15 ms: ${goal(rtP99 < 15)}), ` +
      `baseline ${ms(latencyStats(baseFixed).all.p99)}`,
  );
  await waitForDrain(redis, stream, db, 60);

  // 3. Call starts: 100 at once, and one at a time.
  const bursts = [];
  for (const target of targets)
    bursts.push({
      name: target.name,
      burst: await simultaneousStarts(target.server.port, line, BURST, BURST_ROUNDS),
      sequential: await sequentialStarts(target.server.port, line, 200),
    });
  heading(
    `3. call starts: ${BURST} voice webhooks at once (${BURST_ROUNDS} rounds, fresh CallSids), and 200 one at a time`,
  );
  console.log(
    table([
      ["server", `${BURST} at once p50`, "p99", "errors", "sequential p50", "p99"],
      ...bursts.map((b) => [
        b.name,
        ms(b.burst.p50),
        ms(b.burst.p99),
        String(b.burst.errors + b.sequential.errors),
        ms(b.sequential.p50),
        ms(b.sequential.p99),
      ]),
    ]),
  );
  const rtBurst = bursts[1]?.burst.p99 ?? NaN;
  console.log(
    `runtime p99 of ${BURST} simultaneous starts: ${ms(rtBurst)} (goal < 100 ms: ${goal(rtBurst < 100)})`,
  );

  // 6. Many live calls in one runtime process.
  const live = await liveCalls({
    runtime,
    line,
    redis,
    db,
    stream,
    callKey,
    calls: LIVE_CALLS,
    rate: RATE,
    sample: Math.min(2000, Math.max(100, Math.round(LIVE_CALLS / 5))),
  });
  heading(`6. ${live.live} live calls in one runtime process`);
  console.log(
    `started ${live.live} calls (${live.startErrors} errors) in ${live.startSeconds.toFixed(1)} s ` +
      `(${live.startRate.toFixed(0)}/s at 32 connections, voice p99 ${ms(live.voiceP99)})\n` +
      `gathers to ${live.gather.count} of them at ${live.gather.rate.toFixed(0)}/s while all are live: ` +
      `p50 ${ms(live.gather.p50)}, p99 ${ms(live.gather.p99)} (goal < 15 ms: ${goal(live.gather.p99 < 15)}), ` +
      `${live.gather.errors} errors\n` +
      `runtime RSS (VmRSS of pid ${runtime.pid}): ${bytes(live.rss.before.runtime)} before, ` +
      `${bytes(live.rss.afterStart.runtime)} after the starts, ${bytes(live.rss.afterGathers.runtime)} after the ` +
      `gathers, peak ${bytes(live.rss.peak)}: ${bytes(live.rssPerCall)} per live call before -> after, ` +
      `${bytes(live.peakRssPerCall)} before -> peak (live calls are kept in Redis; RSS moves with the garbage ` +
      `collector)\njob workers' process RSS: ${bytes(live.rss.before.workers)} -> ${bytes(live.rss.afterGathers.workers)}\n` +
      `Redis per live call: MEMORY USAGE ${bytes(live.redisPerCallByKey)} (${bytes(live.keyFieldBytes)} of fields ` +
      `and values), INFO used_memory delta / calls ${bytes(live.redisPerCallByInfo)} (shared Redis: other users ` +
      `move it too); log backlog 0 again after ${live.drainSeconds === null ? "more than 90" : live.drainSeconds.toFixed(1)} s`,
  );
} finally {
  clearTimeout(deadline);
  for (const s of servers) s.process.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 500));
  await db.$disconnect().catch(() => {});
  await scratch.drop().catch(() => {});
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== "0");
  await redis.quit();
}
