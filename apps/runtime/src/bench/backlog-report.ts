import type { BacklogSample } from "./redis-figures.ts";
import { table } from "./report.ts";

const written = (s: BacklogSample) => s.added - s.length;

/** Every sample with the rates since the one before. */
function sampleRows(samples: BacklogSample[]): string[][] {
  const rows = [["t (s)", "phase", "XLEN", "lag", "pending", "added/s", "written/s", "CallEvent rows/s"]];
  for (const [i, s] of samples.entries()) {
    const prev = samples[i - 1];
    // Intervals cut short by a change of phase count in the sums below, but their rates are noise.
    const rate = (value: (x: BacklogSample) => number) =>
      prev && s.t - prev.t >= 0.5 ? ((value(s) - value(prev)) / (s.t - prev.t)).toFixed(0) : "";
    rows.push([
      s.t.toFixed(1),
      s.phase,
      String(s.length),
      String(s.lag ?? "?"),
      String(s.pending),
      rate((x) => x.added),
      rate(written),
      rate((x) => x.events),
    ]);
  }
  return rows;
}

/**
 * Entries generated and written per second over the seconds that ended in a phase matching `match`; CallEvent
 * rows generated are estimated from the rows per entry of the whole run (an entry holds a turn's events).
 */
function rates(samples: BacklogSample[], match: (phase: string) => boolean, rowsPerEntry: number) {
  let dt = 0;
  let added = 0;
  let done = 0;
  let rows = 0;
  for (const [i, s] of samples.entries()) {
    const prev = samples[i - 1];
    if (!prev || !match(s.phase)) continue;
    dt += s.t - prev.t;
    added += s.added - prev.added;
    done += written(s) - written(prev);
    rows += s.events - prev.events;
  }
  return [
    (added / dt).toFixed(0),
    (done / dt).toFixed(0),
    ((added * rowsPerEntry) / dt).toFixed(0),
    (rows / dt).toFixed(0),
  ];
}

export function printBacklog(
  samples: BacklogSample[],
  drained: { seconds: number | null; length: number; pending: number; added: number; events: number },
): void {
  console.log(table(sampleRows(samples)));
  const rowsPerEntry = drained.added ? drained.events / drained.added : NaN;
  const sustained = (p: string) => p.startsWith("sustained");
  console.log(
    `\n${table([
      [
        "over the seconds of",
        "entries added/s",
        "entries written/s",
        "CallEvent rows generated/s (est.)",
        "CallEvent rows written/s",
      ],
      ["the runtime's slices", ...rates(samples, (p) => p === "max: ringflow runtime", rowsPerEntry)],
      ["both servers' slices", ...rates(samples, (p) => p.startsWith("max"), rowsPerEntry)],
      ["the runtime alone", ...rates(samples, sustained, rowsPerEntry)],
    ])}`,
  );
  const alone = samples.filter((s) => sustained(s.phase));
  const start = samples[samples.indexOf(alone[0] as BacklogSample) - 1];
  const end = alone[alone.length - 1];
  if (start && end) {
    const seconds = end.t - start.t;
    const added = end.added - start.added;
    const kept = written(end) - written(start);
    const grows = kept < 0.95 * added && end.length > start.length + 1000;
    console.log(
      `backlog (XLEN) with the runtime alone: ${start.length} -> ${end.length} in ${seconds.toFixed(1)} s, peak ` +
        `${Math.max(...alone.map((s) => s.length))}; the worker wrote ${((100 * kept) / added).toFixed(0)}% of the ` +
        `entries added: ${grows ? "the backlog grows" : "the backlog does not grow"}; ` +
        `${rowsPerEntry.toFixed(2)} CallEvent rows per log entry`,
    );
  }
  console.log(
    drained.seconds === null
      ? `backlog NOT 0 within 90 s after the load stopped (${drained.length} entries, ${drained.pending} pending)`
      : `backlog 0 ${drained.seconds.toFixed(1)} s after the load stopped; ${drained.events} CallEvent rows in Postgres`,
  );
}
