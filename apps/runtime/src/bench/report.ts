import { percentile, sortedCopy } from "@ringflow/platform";
import type { LoadResult } from "./load.ts";

export { goal, ms, table } from "@ringflow/platform";

export const bytes = (value: number) =>
  !Number.isFinite(value)
    ? "n/a"
    : Math.abs(value) >= 1024 * 1024
      ? `${(value / 1024 / 1024).toFixed(1)} MiB`
      : `${Math.round(value)} B`;

export function heading(text: string): void {
  console.log(`\n== ${text}`);
}

/** p50/p99 of every webhook kind, and of all of them together. */
export function latencyStats(result: LoadResult) {
  const all = Object.values(result.latencies).flat();
  const stats = (values: number[]) => {
    const sorted = sortedCopy(values);
    return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  return {
    all: stats(all),
    kinds: Object.fromEntries(
      Object.entries(result.latencies).map(([kind, values]) => [kind, stats(values)]),
    ),
  };
}

/** Merges the results of several slices of one target. */
export function merge(results: LoadResult[]): LoadResult {
  const out: LoadResult = { requests: 0, errors: 0, calls: 0, seconds: 0, latencies: {} };
  for (const r of results) {
    out.requests += r.requests;
    out.errors += r.errors;
    out.calls += r.calls;
    out.seconds += r.seconds;
    for (const [kind, values] of Object.entries(r.latencies)) {
      const into = (out.latencies[kind] ??= []);
      for (const value of values) into.push(value);
    }
  }
  return out;
}
