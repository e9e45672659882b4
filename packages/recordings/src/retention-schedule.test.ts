import { describe, expect, it } from "vitest";
import { deletionRunFor, RETENTION_CRON, retentionRunAt } from "./retention-schedule.ts";

const utc = (d: number, h: number, m: number, s = 0) => Date.UTC(2026, 11, d, h, m, s);

describe("retention schedule", () => {
  it("names the daily run a recording is deleted at", () => {
    expect(RETENTION_CRON).toBe("17 3 * * *");
    expect(retentionRunAt(utc(3, 3, 17))).toBe(utc(3, 3, 17)); // due exactly at a run: that run
    expect(retentionRunAt(utc(3, 3, 17, 1))).toBe(utc(4, 3, 17)); // a second later: the next day's
    expect(retentionRunAt(utc(3, 0, 5))).toBe(utc(3, 3, 17));
    expect(retentionRunAt(utc(2, 23, 59))).toBe(utc(3, 3, 17));
  });

  it("sends an overdue recording to the next run", () => {
    const now = utc(10, 12, 0);
    expect(deletionRunFor(utc(1, 9, 0), now)).toBe(utc(11, 3, 17));
    expect(deletionRunFor(utc(20, 9, 0), now)).toBe(utc(21, 3, 17));
  });
});
