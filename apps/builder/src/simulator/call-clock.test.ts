import { buildFlow } from "@ringflow/flow-schema/testing";
import { describe, expect, it } from "vitest";
import { clockZoneOf, nowIn, zonedIso } from "./call-clock.ts";

describe("the test call's clock", () => {
  it("reads 10:00 in the flow's zone, whatever the browser's", () => {
    expect(zonedIso("2026-12-01T10:00", "America/New_York")).toBe("2026-12-01T10:00:00-05:00");
    expect(zonedIso("2026-07-01T10:00", "America/New_York")).toBe("2026-07-01T10:00:00-04:00");
    expect(zonedIso("2026-07-01T10:00", "Asia/Kolkata")).toBe("2026-07-01T10:00:00+05:30");
    expect(zonedIso("2026-07-01T10:00", "UTC")).toBe("2026-07-01T10:00:00+00:00");
  });

  it("takes the zone of the flow's business hours and says so, else the computer's", () => {
    const withHours = buildFlow({
      nodes: { start: ["start"], hours: ["businessHours", { timeZone: "America/Chicago" }] },
    });
    expect(clockZoneOf(withHours, "Europe/Berlin")).toEqual({
      zone: "America/Chicago",
      source: "the time zone of the Business hours block",
    });
    const without = buildFlow({ nodes: { start: ["start"] } });
    expect(clockZoneOf(without, "Europe/Berlin").zone).toBe("Europe/Berlin");
  });

  it("starts at now in that zone", () => {
    expect(nowIn("America/New_York", Date.UTC(2026, 11, 1, 15, 30))).toBe("2026-12-01T10:30");
  });
});
