import os from "node:os";
import type { Db } from "@ringflow/db";
import { loggableDbError, storableText, type Logger, type Redis } from "@ringflow/platform";
import {
  CALL_LOG_DEAD_STREAM,
  CALL_LOG_GROUP,
  CALL_LOG_STREAM,
  callLogEntrySchema,
  type CallLogEntry,
} from "./call-log.job.ts";
import { KnownCalls, writeCallLogs, type CallLogEffects } from "./call-log.writer.ts";

export interface CallLogWorkerOptions {
  /** Entries read at once. */
  batch?: number;
  /** Entries another consumer read and did not acknowledge for this long are taken over (it died). */
  reclaimIdleMs?: number;
  consumer?: string;
  logger?: Logger;
  /** The deployment's Redis key prefix: the worker's connection has none (ioredis does not prefix every stream command). */
  keyPrefix?: string;
  /** What the written log sets off (recording copies). */
  effects?: CallLogEffects;
}

type StreamEntry = [id: string, fields: string[]];

/**
 * Moves the execution log from its Redis stream into Postgres: reads with a consumer group, writes a batch
 * in a few statements, acknowledges what was written. A batch that fails is written entry by entry, so one bad
 * entry (which the schema or Postgres refuses) costs no other call anything: it goes to the dead-letter stream
 * with its error. While Postgres is down nothing is acknowledged, and the entries wait in Redis.
 */
export class CallLogWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly known = new KnownCalls();
  private readonly batch: number;
  private readonly reclaimIdleMs: number;
  private readonly consumer: string;
  private readonly stream: string;
  private readonly dead: string;

  constructor(
    private readonly db: Db,
    /** A connection of its own (reads block), without a key prefix. */
    private readonly redis: Redis,
    private readonly options: CallLogWorkerOptions = {},
  ) {
    this.batch = options.batch ?? 1000;
    this.reclaimIdleMs = options.reclaimIdleMs ?? 30_000;
    this.consumer = options.consumer ?? `${os.hostname()}-${process.pid}`;
    this.stream = `${options.keyPrefix ?? ""}${CALL_LOG_STREAM}`;
    this.dead = `${options.keyPrefix ?? ""}${CALL_LOG_DEAD_STREAM}`;
  }

  async start(): Promise<void> {
    await this.redis.xgroup("CREATE", this.stream, CALL_LOG_GROUP, "0", "MKSTREAM").catch((error: Error) => {
      if (!error.message.includes("BUSYGROUP")) throw error;
    });
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Reads and writes until stopped; entries of dead consumers are taken over now and then. */
  private async run(): Promise<void> {
    let lastReclaim = 0;
    let backoff = 100;
    while (this.running) {
      try {
        if (Date.now() - lastReclaim > this.reclaimIdleMs / 2) {
          lastReclaim = Date.now();
          await this.reclaim();
        }
        const entries = await this.read();
        if (entries.length) await this.process(entries);
        backoff = 100;
      } catch (error) {
        this.options.logger?.warn(
          { err: loggableDbError(error) },
          "call log writer paused; the entries wait in Redis",
        );
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  private async read(): Promise<StreamEntry[]> {
    const result = (await this.redis.xreadgroup(
      "GROUP",
      CALL_LOG_GROUP,
      this.consumer,
      "COUNT",
      this.batch,
      "BLOCK",
      500,
      "STREAMS",
      this.stream,
      ">",
    )) as [string, StreamEntry[]][] | null;
    return result?.[0]?.[1] ?? [];
  }

  private async reclaim(): Promise<void> {
    let cursor = "0-0";
    do {
      const [next, entries] = (await this.redis.xautoclaim(
        this.stream,
        CALL_LOG_GROUP,
        this.consumer,
        this.reclaimIdleMs,
        cursor,
        "COUNT",
        this.batch,
      )) as [string, StreamEntry[]];
      if (entries.length) await this.process(entries.filter((entry) => entry[1]));
      cursor = next;
    } while (cursor !== "0-0" && this.running);
  }

  /** Writes a batch; acknowledges (and deletes) what is written or dead; throws while Postgres is unreachable. */
  async process(raw: StreamEntry[]): Promise<void> {
    const parsed: { id: string; entry: CallLogEntry }[] = [];
    const dead: { id: string; body: string; error: string; logged?: string }[] = [];
    for (const [id, fields] of raw) {
      const body = fieldOf(fields, "e");
      const result = safeJson(body);
      const entry = result === undefined ? null : callLogEntrySchema.safeParse(result);
      if (entry?.success) parsed.push({ id, entry: entry.data });
      else dead.push({ id, body: body ?? "", error: entry ? entry.error.message : "not JSON" });
    }
    try {
      await writeCallLogs(
        this.db,
        parsed.map((p) => p.entry),
        this.known,
        this.options.effects,
      );
    } catch (batchError) {
      this.options.logger?.warn(
        { err: loggableDbError(batchError), entries: parsed.length },
        "a log batch failed; writing entry by entry",
      );
      for (const item of parsed) {
        try {
          await writeCallLogs(this.db, [storable(item.entry)], this.known, this.options.effects);
        } catch (error) {
          await this.db.$queryRaw`select 1`; // Postgres down: throw, acknowledge nothing, retry later.
          dead.push({
            id: item.id,
            body: JSON.stringify(item.entry),
            error: (error as Error).message,
            // The reason only: Prisma's message repeats the entry's values (what the caller entered and said).
            logged: loggableDbError(error).reason,
          });
        }
      }
    }
    if (dead.length) {
      const pipeline = this.redis.pipeline();
      for (const d of dead)
        pipeline.xadd(this.dead, "MAXLEN", "~", 10_000, "*", "e", d.body, "error", d.error.slice(0, 2000));
      await pipeline.exec();
      this.options.logger?.error(
        { entries: dead.length, error: dead[0]?.logged ?? dead[0]?.error.slice(0, 300) },
        `call log entries that cannot be written went to ${this.dead}`,
      );
    }
    const ids = raw.map(([id]) => id);
    if (ids.length)
      await this.redis
        .pipeline()
        .xack(this.stream, CALL_LOG_GROUP, ...ids)
        .xdel(this.stream, ...ids)
        .exec();
  }
}

/** Every string of an entry storable (no NUL, no lone surrogate): an entry's text never costs it its rows. */
function storable<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storable(v)])) as T;
  return value;
}

function fieldOf(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function safeJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
