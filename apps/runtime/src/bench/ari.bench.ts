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
import { goal, ms, table } from "./report.ts";

const LEVELS = (process.env.BENCH_ARI_CHANNELS ?? "50,200,500").split(",").map(Number);
const TURNS = Number(process.env.BENCH_ARI_TURNS ?? 10);
/** Each caller's pause between presses; BENCH_ARI_GAP_MS=0 measures the saturated rate instead. */
const GAP_MS = Number(process.env.BENCH_ARI_GAP_MS ?? 1000);
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
    `ARI event -> command, one runtime process, ${TURNS} key presses per caller about ${GAP_MS} ms apart; ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ")}`,
  );
  const rows = [
    [
      "channels",
      "presses",
      "presses/s",
      "prompt p50",
      "prompt p99",
      "barge-in p50",
      "barge-in p99",
      "wall",
      "fake problems",
    ],
  ];
  const verdicts: string[] = [];
  const steady: string[] = [];
  // A warm-up: the prompt's speech is made once, flows compiled, connections pooled.
  for (const channels of [5, ...LEVELS]) {
    const rampMs = Math.min(2000, channels * 4);
    pbx.send({ type: "run", exten: tenant.extension, channels, turns: TURNS, rampMs, gapMs: GAP_MS });
    const result = await nextMessage();
    if (result.type === "error") throw new Error(result.message);
    if (result.type !== "result") continue;
    if (channels === 5 && LEVELS[0] !== 5) continue;
    const prompt = sortedCopy(result.prompt);
    const bargeIn = sortedCopy(result.bargeIn);
    const p99 = percentile(prompt, 99);
    rows.push([
      String(channels),
      String(prompt.length),
      (prompt.length / (result.wallMs / 1000)).toFixed(0),
      ms(percentile(prompt, 50)),
      ms(p99),
      ms(percentile(bargeIn, 50)),
      ms(percentile(bargeIn, 99)),
      ms(result.wallMs),
      result.problems.length ? result.problems.join("; ") : "none",
    ]);
    // For reading only (the verdict is on every press): the presses made once every caller had arrived.
    const after = sortedCopy(result.prompt.filter((_, i) => (result.pressedAt[i] ?? 0) >= rampMs));
    steady.push(
      `${channels} channels, the ${after.length} presses after the ${rampMs} ms ramp: prompt p50 ${ms(percentile(after, 50))}, p99 ${ms(percentile(after, 99))}`,
    );
    verdicts.push(
      `${channels} channels, event -> next prompt p99 under ${GOAL_P99_MS} ms: ${goal(p99 < GOAL_P99_MS)}`,
    );
  }
  console.log(table(rows));
  for (const line of steady) console.log(line);
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
