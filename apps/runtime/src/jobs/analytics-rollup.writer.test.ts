import { describe, expect, it } from "vitest";
import { DAY_MS, DirtyWindows } from "./analytics-rollup.writer.ts";

const day = (n: number) => n * DAY_MS;

describe("the hours new data touched", () => {
  it("keeps far-apart rows as windows of their own, so a row from long ago recounts its own day only", () => {
    const dirty = new DirtyWindows();
    dirty.add("t1", day(20_000), day(20_000) + 5);
    dirty.add("t1", 0, 10);
    const windows = dirty.byTenant.get("t1")!;
    expect(windows).toEqual([
      { from: 0, to: 10 },
      { from: day(20_000), to: day(20_000) + 5 },
    ]);
    const days = windows.reduce((sum, w) => sum + Math.ceil((w.to - w.from) / DAY_MS), 0);
    expect(days).toBe(2);
  });

  it("merges windows that overlap or touch, including one that bridges two", () => {
    const dirty = new DirtyWindows();
    dirty.add("t1", 0, 10);
    dirty.add("t1", 20, 30);
    dirty.add("t1", 10, 20);
    dirty.add("t2", 5, 6);
    expect(dirty.byTenant.get("t1")).toEqual([{ from: 0, to: 30 }]);
    expect(dirty.byTenant.get("t2")).toEqual([{ from: 5, to: 6 }]);
  });
});
