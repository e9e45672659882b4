import type { Redis } from "ioredis";
import type { Db } from "@ringflow/db";
import { CALL_LOG_GROUP } from "../jobs/call-log.job.ts";

/** Redis answers XINFO with flat [name, value, ...] lists. */
function pairs(list: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[String(list[i])] = list[i + 1];
  return out;
}

export interface BacklogSample {
  /** Seconds since sampling began. */
  t: number;
  /** What the load was doing then. */
  phase: string;
  /** Entries in the stream: the worker deletes what it wrote, so this is the backlog. */
  length: number;
  /** Entries the group has not read yet (null when Redis cannot tell). */
  lag: number | null;
  /** Entries read and not yet acknowledged. */
  pending: number;
  /** Entries ever appended to the stream. */
  added: number;
  /** CallEvent rows in Postgres. */
  events: number;
}

/** The log stream's backlog and the rows written, as of now. `redis` has no key prefix. */
export async function backlogNow(
  redis: Redis,
  stream: string,
  db: Db,
): Promise<Omit<BacklogSample, "t" | "phase">> {
  const [info, groups, events] = await Promise.all([
    redis.call("XINFO", "STREAM", stream).then((r) => pairs(r as unknown[])),
    redis.call("XINFO", "GROUPS", stream).then((r) => (r as unknown[][]).map(pairs)),
    db.callEvent.count(),
  ]);
  const group = groups.find((g) => g.name === CALL_LOG_GROUP);
  return {
    length: Number(info.length),
    lag: group?.lag === null || group?.lag === undefined ? null : Number(group.lag),
    pending: Number(group?.pending ?? 0),
    added: Number(info["entries-added"]),
    events,
  };
}

/**
 * Samples the backlog every second until stopped, and at every change of phase, so each sample's interval
 * (since the one before) lies within the phase it names.
 */
export function sampleBacklog(redis: Redis, stream: string, db: Db, firstPhase: string) {
  const samples: BacklogSample[] = [];
  const started = performance.now();
  let phase = firstPhase;
  let running = true;
  // Samples are taken one at a time: the periodic ones and those at a change of phase.
  let queue: Promise<void> = Promise.resolve();
  const take = () =>
    (queue = queue.then(async () => {
      const now = await backlogNow(redis, stream, db).catch(() => null);
      if (now) samples.push({ t: (performance.now() - started) / 1000, phase, ...now });
    }));
  const timer = setInterval(() => void take(), 1000);
  return {
    samples,
    /** Ends the current phase with a sample; later samples belong to `next`. */
    async mark(next: string): Promise<void> {
      await take();
      phase = next;
    },
    async stop(): Promise<BacklogSample[]> {
      if (running) clearInterval(timer);
      running = false;
      await take();
      return samples;
    },
  };
}

/** Waits (at most `maxSeconds`) until the stream is empty and nothing is pending; seconds waited, or null. */
export async function waitForDrain(redis: Redis, stream: string, db: Db, maxSeconds: number) {
  const started = performance.now();
  for (;;) {
    const now = await backlogNow(redis, stream, db);
    const seconds = (performance.now() - started) / 1000;
    if (now.length === 0 && now.pending === 0) return { seconds, ...now };
    if (seconds > maxSeconds) return { seconds: null, ...now };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** One key's size: the bytes of each field and its value, Redis's MEMORY USAGE and its TTL. */
export async function keyFigures(redis: Redis, key: string) {
  const hash = await redis.hgetallBuffer(key);
  const sizes = Object.fromEntries(
    Object.entries(hash).map(([field, value]) => [field, Buffer.byteLength(field) + value.length]),
  );
  const fieldBytes = Object.values(sizes).reduce((sum, size) => sum + size, 0);
  const memory = (await redis.call("MEMORY", "USAGE", key, "SAMPLES", "0")) as number | null;
  return { sizes, fieldBytes, memory: memory ?? NaN, ttl: await redis.ttl(key) };
}

export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info("memory");
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}
