import type { Redis } from "ioredis";
import type { Db } from "@ringflow/db";
import { drive, percentile, sortedCopy } from "./load.ts";
import { keyFigures, usedMemory, waitForDrain } from "./redis-figures.ts";
import { childrenOf, rssOf, watchPeakRss, type Server } from "./servers.ts";
import { newCallSid, oneEach, voiceWebhook, webhook, type TwilioLine } from "./twilio-caller.ts";

export interface LiveCallsOptions {
  runtime: Server;
  line: TwilioLine;
  /** A connection without key prefix. */
  redis: Redis;
  db: Db;
  stream: string;
  callKey: (callSid: string) => string;
  calls: number;
  /** Gathers sent at this rate to a sample of the live calls. */
  rate: number;
  sample: number;
}

const memoryOf = (pid: number) => ({ runtime: rssOf(pid), workers: childrenOf(pid).map(rssOf)[0] ?? NaN });

/**
 * Many calls live at once in one runtime process: `calls` voice webhooks (32 at a time, bounded to 3
 * minutes), then gathers to a sample of them at `rate`, while all are live (the gather keeps them at the
 * menu). Memory: the runtime's RSS before and after, and Redis bytes per live call, by key and by INFO delta
 * (the log stream drained first, so it does not count).
 */
export async function liveCalls(options: LiveCallsOptions) {
  const { runtime, line, redis, db, stream } = options;
  await waitForDrain(redis, stream, db, 60);
  const before = { ...memoryOf(runtime.pid), redis: await usedMemory(redis) };
  const sids = Array.from({ length: options.calls }, newCallSid);
  const peak = watchPeakRss(runtime.pid);
  const started = await drive({
    port: runtime.port,
    seconds: 180,
    rate: 0,
    concurrency: 32,
    sessions: oneEach(sids.map((sid) => voiceWebhook(line, sid))),
  });
  const afterStart = memoryOf(runtime.pid);
  const sample = sids.slice(0, Math.min(options.sample, sids.length));
  const gathers = await drive({
    port: runtime.port,
    seconds: 60,
    rate: options.rate,
    concurrency: 64,
    sessions: oneEach(
      sample.map((sid) =>
        webhook(line, "gather", `${line.publicUrl}/twilio/gather?turn=1`, sid, { Digits: "1" }),
      ),
    ),
  });
  const afterGathers = memoryOf(runtime.pid);
  const peakRss = peak.stop();
  const drained = await waitForDrain(redis, stream, db, 90);
  const redisAfter = await usedMemory(redis);
  const keys = await Promise.all(
    [0, 1, 2, 3, 4]
      .map((i) => sids[Math.floor((i * sids.length) / 5)] as string)
      .map((sid) => keyFigures(redis, options.callKey(sid))),
  );
  const live = started.requests - started.errors;
  const gatherLatencies = sortedCopy(gathers.latencies.gather ?? []);
  return {
    live,
    startErrors: started.errors,
    startSeconds: started.seconds,
    startRate: started.requests / started.seconds,
    voiceP99: percentile(sortedCopy(started.latencies.voice ?? []), 99),
    gather: {
      count: gatherLatencies.length,
      errors: gathers.errors,
      rate: gathers.requests / gathers.seconds,
      p50: percentile(gatherLatencies, 50),
      p99: percentile(gatherLatencies, 99),
    },
    rss: { before, afterStart, afterGathers, peak: peakRss },
    rssPerCall: (afterGathers.runtime - before.runtime) / Math.max(1, live),
    peakRssPerCall: (peakRss - before.runtime) / Math.max(1, live),
    redisPerCallByInfo: (redisAfter - before.redis) / Math.max(1, live),
    redisPerCallByKey: keys.reduce((sum, k) => sum + k.memory, 0) / keys.length,
    keyFieldBytes: keys.reduce((sum, k) => sum + k.fieldBytes, 0) / keys.length,
    drainSeconds: drained.seconds,
  };
}
