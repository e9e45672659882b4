// npm run bench:ari: ARI event -> command latency and concurrent channels per runtime process, against the fake
// Asterisk in a process of its own (its time is Asterisk's stand-in, not Asterisk's own). Each caller sits in a
// menu and presses 1 again and again; the menu's prompt is still playing, so each key is a barge-in (the
// playback stopped at once) and an event through the call core (Redis compare-and-set, the engine, the stored
// plan) answered by the next prompt. Goals (issue 13): p99 under 10 ms, 500 concurrent channels.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { availableParallelism, loadavg } from "node:os";
import { createDb, generateKeySpec } from "@ringflow/db";
import { createScratchDatabase } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { percentile, sortedCopy } from "@ringflow/platform";
import { runPrisma } from "../../../../scripts/lib/prisma-cli.ts";
import { seedAsteriskTenant, spokenMedia, startAsteriskProcess } from "../testing/asterisk-runtime.ts";
import { installAriLatencyProbe, type ProbeSample } from "./ari-latency-probe.ts";
import { goal, ms, table } from "./report.ts";

const LEVELS = (process.env.BENCH_ARI_CHANNELS ?? "50,200,500").split(",").map(Number);
/** Enough presses that every caller is still on the line when the last one arrives. */
const TURNS = Number(process.env.BENCH_ARI_TURNS ?? 20);
/** Each caller's pause between presses; BENCH_ARI_GAP_MS=0 measures the saturated rate instead. */
const GAP_MS = Number(process.env.BENCH_ARI_GAP_MS ?? 1000);
/** Callers arriving per second: a busy line's rush hour into one process. */
const ARRIVALS = Number(process.env.BENCH_ARI_ARRIVALS ?? 50);
/** A burst as well (every caller of the largest level within 2 s), reported beside the goal rows; 0: none. */
const BURST = Number(process.env.BENCH_ARI_BURST ?? 250);
const GOAL_P99_MS = 10;

process.env.RINGFLOW_SECRET_KEYS ??= generateKeySpec("bench");
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
// The scratch database is made and dropped on this server (DATABASE_URL points at the scratch one below).
process.env.TEST_POSTGRES_SERVER_URL ??= process.env.DATABASE_URL;

const menuLoop = buildFlow({
  name: "Bench menu",
  nodes: {
    start: ["start", { accepts: ["inbound"] }],
    menu: [
      "menu",
      {
        prompt: { type: "say", text: { "en-US": "Press 1 to hear this again." } },
        options: [{ id: "again", label: "Again", dtmf: "1" }],
        timeoutSeconds: 30,
        retries: 0,
      },
    ],
    bye: ["hangup", {}],
  },
  edges: [
    ["start", "inbound", "menu"],
    ["menu", "again", "menu"],
    ["menu", "noInput", "bye"],
    ["menu", "noMatch", "bye"],
  ],
});

type PbxMessage =
  | { type: "ready"; url: string; username: string; password: string; app: string }
  | {
      type: "result";
      prompt: number[];
      /** When each press was made, in ms since the run started (the same order as `prompt`). */
      pressedAt: number[];
      bargeIn: number[];
      wallMs: number;
      /** The most callers on the line at once. */
      peak: number;
      problems: string[];
    }
  | { type: "error"; message: string };

const scratch = await createScratchDatabase("bench_ari");
process.env.DATABASE_URL = scratch.url;
await runPrisma(["migrate", "deploy"], scratch.url, { quiet: true });
const db = createDb(scratch.url, { max: 4 });
const app = `ringflow-bench-${randomBytes(3).toString("hex")}`;
const pbx = fork(path.join(import.meta.dirname, "ari-bench-pbx.ts"), [], {
  env: { ...process.env, BENCH_ARI_APP: app, NODE_ENV: "production" },
  // BENCH_ARI_PBX_PROFILE=<dir>: a CPU profile of the fake's process, to see that it is not what is measured.
  execArgv: [
    "--import",
    "tsx",
    ...(process.env.BENCH_ARI_PBX_PROFILE
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_ARI_PBX_PROFILE}`]
      : []),
  ],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const nextMessage = () =>
  new Promise<PbxMessage>((resolve) => pbx.once("message", (message) => resolve(message as PbxMessage)));

try {
  const ready = await nextMessage();
  if (ready.type !== "ready") throw new Error("the fake Asterisk did not start");
  const tenant = await seedAsteriskTenant(
    db,
    { url: ready.url, username: ready.username, password: ready.password, applicationName: app },
    menuLoop,
  );
  const media = await spokenMedia(db);
  const probe = installAriLatencyProbe();
  const runtime = await startAsteriskProcess({
    redisKeyPrefix: `rfbench:${randomBytes(4).toString("hex")}:`,
    tenantIds: [tenant.tenantId],
    media,
    // As the server runs (BENCH_ARI_ROUTING_CACHE=0: every call start reads Postgres, as this bench once did).
    routingCache: process.env.BENCH_ARI_ROUTING_CACHE !== "0",
  });
  for (let i = 0; i < 200 && !runtime.connections.connection(tenant.providerAccountId)?.connected; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));

  console.log(
    `ARI event -> command, one runtime process, ${TURNS} key presses per caller about ${GAP_MS} ms apart, ${ARRIVALS} callers arriving a second; ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ")}`,
  );
  const rows = [
    [
      "channels",
      "arrivals/s",
      "at once",
      "presses/s",
      "event->command p50",
      "p99",
      "handling p99",
      "press->prompt p50",
      "p99",
      "barge-in p99",
      "CPU/press",
      "GC pauses",
      "fake problems",
    ],
  ];
  const verdicts: string[] = [];
  const runs = [
    { channels: 5, arrivals: ARRIVALS, warmUp: true },
    ...LEVELS.map((channels) => ({ channels, arrivals: ARRIVALS, warmUp: false })),
    ...(BURST > 0 ? [{ channels: Math.max(...LEVELS), arrivals: BURST, warmUp: false }] : []),
  ];
  // The warm-up: the prompt's speech is made once, flows compiled, connections pooled.
  for (const { channels, arrivals, warmUp } of runs) {
    probe.take();
    const rampMs = (channels / arrivals) * 1000;
    pbx.send({ type: "run", exten: tenant.extension, channels, turns: TURNS, rampMs, gapMs: GAP_MS });
    const result = await nextMessage();
    if (result.type === "error") throw new Error(result.message);
    if (result.type !== "result" || warmUp) continue;
    const { samples: inside, cost } = probe.take();
    const pauses = sortedCopy(cost.gcPausesMs);
    const eventToCommand = sortedCopy(inside.map((s: ProbeSample) => s.eventToCommandMs));
    const handling = sortedCopy(inside.map((s: ProbeSample) => s.handlingMs));
    const prompt = sortedCopy(result.prompt);
    const p99 = percentile(eventToCommand, 99);
    rows.push([
      String(channels),
      String(arrivals),
      String(result.peak),
      (prompt.length / (result.wallMs / 1000)).toFixed(0),
      ms(percentile(eventToCommand, 50)),
      ms(p99),
      ms(percentile(handling, 99)),
      ms(percentile(prompt, 50)),
      ms(percentile(prompt, 99)),
      ms(percentile(sortedCopy(result.bargeIn), 99)),
      ms(cost.cpuMs / Math.max(1, prompt.length)),
      `${pauses.length}, ${ms(pauses.reduce((sum, p) => sum + p, 0))}, max ${ms(pauses.at(-1) ?? 0)}`,
      result.problems.length ? result.problems.join("; ") : "none",
    ]);
    const burst = arrivals !== ARRIVALS ? " (a burst: reported, not the goal)" : "";
    verdicts.push(
      `${channels} channels (${result.peak} at once), ${arrivals} arrivals/s, event -> command p99 under ${GOAL_P99_MS} ms: ${goal(p99 < GOAL_P99_MS)}${burst}`,
    );
  }
  console.log(table(rows));
  console.log(
    "event->command: from the event's Asterisk timestamp to the next prompt's request written to its socket (ms clock; a wait for a connection counts);" +
      " handling: from the event's dispatch; press->prompt: on the fake's clock, its own time included;" +
      " CPU/press: the runtime process's CPU time (all its threads) over the run, per key press; GC pauses: how many, in all, the longest.",
  );
  for (const verdict of verdicts) console.log(verdict);
  // The last callers' hangups are carried out before the process stops (their ends write to the database).
  const connection = runtime.connections.connection(tenant.providerAccountId);
  for (let i = 0; i < 200 && (connection?.application?.size ?? 0) > 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await runtime.close();
  await media.close();
} finally {
  pbx.kill();
  await db.$disconnect();
  await scratch.drop();
}
