// `npm run bench:fanout`: real-time fan-out to connected desktops. Two API processes (apps/api main.ts, each its own
// process with its own Redis connections) on loopback, a scratch database, real Redis; BENCH_DESKTOPS sockets
// (default 1,000: 9 agents for every supervisor) split between them, each signed in with its own session and
// subscribed. Events are published the way the call core publishes them (one Redis PUBLISH each) at each of
// BENCH_RATES events/s (default 10,50) for BENCH_SECONDS; each is a caller entering a queue, which every desktop
// sees as a queue update (supervisors also as a call change).
// Delivery latency = the desktop's receive time minus the event's time. Prints the figures; asserts nothing.
import type { ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { WebSocket } from "ws";
import { generateSessionToken, SESSION_COOKIE, sessionIdFromToken } from "@ringflow/access";
import { createDb, generateKeySpec } from "@ringflow/db";
import { createScratchDatabase } from "@ringflow/db/testing";
import { realtimeChannel, type SourceEvent } from "@ringflow/flow-schema";
import { goal, ms, percentile, sortedCopy, table } from "@ringflow/platform";
import { runPrisma } from "../../../../../scripts/lib/prisma-cli.ts";
import { startApiProcess } from "../testing/api-process.ts";

const DESKTOPS = Number(process.env.BENCH_DESKTOPS ?? 1000);
const RATES = (process.env.BENCH_RATES ?? "10,50").split(",").map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SUPERVISOR_EVERY = 10;
const GOAL_P99_MS = 100;

process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
process.env.RINGFLOW_SECRET_KEYS ??= generateKeySpec("bench");
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `rfbench:${randomBytes(4).toString("hex")}:`;

/** One API process, once /health answers. */
const startApi = (databaseUrl: string) =>
  startApiProcess({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix });

/** CPU time a process has used, in ms (utime + stime of /proc/<pid>/stat, 10 ms ticks). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A tenant with DESKTOPS people signed in (agents with their Agent rows, and supervisors). */
async function seed(db: ReturnType<typeof createDb>) {
  const tenant = await db.tenant.create({ data: { name: "Fan-out bench", slug: `bench-${randomUUID()}` } });
  const people = Array.from({ length: DESKTOPS }, (_, i) => ({
    userId: randomUUID(),
    membershipId: randomUUID(),
    token: generateSessionToken(),
    role: i % SUPERVISOR_EVERY === 0 ? ("SUPERVISOR" as const) : ("AGENT" as const),
  }));
  const now = new Date();
  await db.user.createMany({
    data: people.map((p, i) => ({
      id: p.userId,
      email: `desk${i}@bench.ringflow`,
      name: `Desk ${i}`,
      passwordHash: "-",
    })),
  });
  await db.membership.createMany({
    data: people.map((p) => ({ id: p.membershipId, tenantId: tenant.id, userId: p.userId, role: p.role })),
  });
  const agents = people
    .filter((p) => p.role === "AGENT")
    .map((p, i) => ({
      id: randomUUID(),
      tenantId: tenant.id,
      membershipId: p.membershipId,
      displayName: `Agent ${i}`,
      extension: String(1000 + i),
    }));
  await db.agent.createMany({ data: agents });
  // Agents see the updates of their own queues only: every agent is a member of the queue callers enter.
  const queue = await db.queue.create({ data: { tenantId: tenant.id, name: "Bench" } });
  await db.queueMember.createMany({
    data: agents.map((agent) => ({ tenantId: tenant.id, queueId: queue.id, agentId: agent.id })),
  });
  await db.session.createMany({
    data: people.map((p) => ({
      id: sessionIdFromToken(p.token),
      userId: p.userId,
      activeTenantId: tenant.id,
      expiresAt: new Date(now.getTime() + 3600_000),
      lastActiveAt: now,
    })),
  });
  return { tenantId: tenant.id, people, queueId: queue.id };
}

interface Desk {
  socket: WebSocket;
  latencies: number[];
}

/** Opens a desktop and resolves once its snapshot arrived; records the latency of every queue update after it. */
function openDesk(url: string, token: string, queueId: string): Promise<Desk> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace("http", "ws")}/realtime`, {
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
    });
    const desk: Desk = { socket, latencies: [] };
    socket.once("open", () => socket.send(JSON.stringify({ type: "subscribe" })));
    socket.once("error", reject);
    // Read cheaply (the load generator shares the machine with the servers): the type and the event's time.
    socket.on("message", (raw: Buffer) => {
      const now = Date.now();
      const text = raw.toString();
      if (text.startsWith(`{"type":"snapshot"`)) return resolve(desk);
      if (!text.includes(`"type":"queue.update"`) || !text.includes(queueId)) return;
      const at = /"at":(\d+)/.exec(text);
      if (at) desk.latencies.push(now - Number(at[1]));
    });
  });
}

const scratch = await createScratchDatabase("fanout");
const apis: ChildProcess[] = [];
const publisher = new Redis(redisUrl);
const db = createDb(scratch.url, { max: 4 });
const deadline = setTimeout(() => {
  console.error("the benchmark ran for 10 minutes; stopping");
  for (const api of apis) api.kill("SIGKILL");
  process.exit(1);
}, 10 * 60_000);
deadline.unref();
try {
  await runPrisma(["migrate", "deploy"], scratch.url, { quiet: true });
  const { tenantId, people, queueId } = await seed(db);
  const servers = [await startApi(scratch.url), await startApi(scratch.url)];
  apis.push(...servers.map((s) => s.process));

  const opening = Date.now();
  const desks: Desk[] = [];
  for (let i = 0; i < people.length; i += 50)
    desks.push(
      ...(await Promise.all(
        people.slice(i, i + 50).map((p, j) => openDesk(servers[(i + j) % 2]!.url, p.token, queueId)),
      )),
    );
  const openSeconds = (Date.now() - opening) / 1000;
  console.log(
    `${desks.length} desktops (${people.filter((p) => p.role === "SUPERVISOR").length} supervisors) on 2 API processes ` +
      `(pids ${servers.map((s) => s.process.pid).join(", ")}), opened and subscribed in ${openSeconds.toFixed(1)} s; ` +
      `BENCH_RATES=${RATES.join(",")} events/s, BENCH_SECONDS=${SECONDS} each; ${cpus().length} CPUs, load avg ${loadavg()[0]!.toFixed(1)}`,
  );

  const rows = [
    [
      "events/s",
      "deliveries",
      "received",
      "median",
      "p90",
      "p99",
      "max",
      "load avg",
      "API CPU/delivery",
      `p99 < ${GOAL_P99_MS} ms`,
    ],
  ];
  const pids = servers.map((server) => server.process.pid as number);
  for (const rate of RATES) {
    for (const desk of desks) desk.latencies = [];
    const total = rate * SECONDS;
    const cpuBefore = pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
    const started = Date.now();
    for (let n = 0; n < total; n += 1) {
      const wait = started + (n * 1000) / rate - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const event: SourceEvent = {
        type: "queue.entered",
        tenantId,
        callId: randomUUID(),
        queueId,
        priority: 0,
        at: Date.now(),
        test: false,
      };
      await publisher.publish(`${prefix}${realtimeChannel(tenantId)}`, JSON.stringify(event));
    }
    // Until every desktop has every update (or 10 s more).
    const expected = total * desks.length;
    const drainBy = Date.now() + 10_000;
    const received = () => desks.reduce((sum, d) => sum + d.latencies.length, 0);
    while (received() < expected && Date.now() < drainBy)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const all = sortedCopy(desks.flatMap((d) => d.latencies));
    const p99 = percentile(all, 99);
    const cpuMs = pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0) - cpuBefore;
    rows.push([
      String(rate),
      String(expected),
      `${((all.length / expected) * 100).toFixed(2)}%`,
      ms(percentile(all, 50)),
      ms(percentile(all, 90)),
      ms(p99),
      ms(all.at(-1) ?? NaN),
      loadavg()[0]!.toFixed(1),
      `${((cpuMs * 1000) / Math.max(1, all.length)).toFixed(1)} µs`,
      goal(p99 < GOAL_P99_MS && all.length === expected),
    ]);
  }
  console.log(`\ndelivery latency (receive time - event time) over all desktops:\n${table(rows)}`);
  for (const desk of desks) desk.socket.terminate();
} finally {
  for (const api of apis) api.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 500));
  // The run's keys (the feed's backlog and entities, BullMQ's) go with it.
  for (let cursor = "0"; ;) {
    const [next, keys] = await publisher.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    if (keys.length) await publisher.del(...keys);
    if ((cursor = next) === "0") break;
  }
  await publisher.quit();
  await db.$disconnect();
  await scratch.drop();
}
