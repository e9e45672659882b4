// The fake Asterisk of `npm run bench:ari`, in a process of its own so its work (checking every request and
// event against the description) does not share the runtime's event loop. It drives the callers itself and
// times, on its own clock, each key press until the runtime's next prompt arrives.
import { performance } from "node:perf_hooks";
import { startFakeAri } from "@ringflow/platform/testing/fake-ari";
import * as z from "zod";

const runSchema = z.object({
  type: z.literal("run"),
  exten: z.string(),
  channels: z.number().int().positive(),
  turns: z.number().int().positive(),
  /** Callers arrive over this long. */
  rampMs: z.number().nonnegative(),
  /** A caller's pause between key presses (a person listens first); 0: as fast as the runtime answers. */
  gapMs: z.number().nonnegative(),
});

const app = process.env.BENCH_ARI_APP ?? "ringflow-bench";
// A prompt plays for 5 s: every key press lands during it (barge-in), as callers who know the menu do.
const fake = await startFakeAri({ app, playbackMs: 5000, fetchMedia: false });
const send = (message: unknown) => process.send?.(message);

const isPlay = (channel: string) => (r: { method: string; path: string }) =>
  r.method === "POST" && r.path.startsWith(`/channels/${channel}/play/`);

/** `started`: the run's start on this clock; each press's time since then is kept beside its latency. */
/** Callers on the line now, and the most there were at once in this run. */
const live = { now: 0, peak: 0 };

async function caller(exten: string, n: number, turns: number, gapMs: number, started: number) {
  const result = { prompt: [] as number[], pressedAt: [] as number[], bargeIn: [] as number[] };
  live.peak = Math.max(live.peak, ++live.now);
  const channel = fake.callIn({ exten, callerNumber: `+1415555${String(n).padStart(4, "0")}` });
  let play = await fake.nextRequest(isPlay(channel));
  for (let turn = 0; turn < turns; turn++) {
    const since = fake.requests.length;
    const playback = `/playbacks/${play.path.split("/").at(-1)}`;
    const at = performance.now();
    const stopped = fake
      .nextRequest((r) => r.method === "DELETE" && r.path === playback, since)
      .then(() => result.bargeIn.push(performance.now() - at));
    void fake.pressDigits(channel, "1");
    play = await fake.nextRequest(isPlay(channel), since);
    result.prompt.push(performance.now() - at);
    result.pressedAt.push(at - started);
    await stopped;
    // Callers pause unevenly, so presses do not all land in the same millisecond.
    if (gapMs) await new Promise((resolve) => setTimeout(resolve, gapMs * (0.5 + Math.random())));
  }
  fake.hangup(channel);
  live.now--;
  return result;
}

process.on("message", (raw) => {
  const run = runSchema.parse(raw);
  void (async () => {
    const started = performance.now();
    live.peak = 0;
    const results = await Promise.all(
      Array.from({ length: run.channels }, async (_, n) => {
        await new Promise((resolve) => setTimeout(resolve, (run.rampMs * n) / run.channels));
        return caller(run.exten, n, run.turns, run.gapMs, started);
      }),
    );
    send({
      type: "result",
      prompt: results.flatMap((r) => r.prompt),
      pressedAt: results.flatMap((r) => r.pressedAt),
      bargeIn: results.flatMap((r) => r.bargeIn),
      wallMs: performance.now() - started,
      peak: live.peak,
      problems: fake.problems().slice(0, 5),
    });
  })().catch((error: unknown) => send({ type: "error", message: String(error) }));
});

// A stopped fake exits cleanly (its CPU profile, when asked for, is written then).
process.on("SIGTERM", () => process.exit(0));
send({ type: "ready", url: fake.url, username: fake.username, password: fake.password, app });
