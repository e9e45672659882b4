import { describe, expect, test } from "vitest";
import { exitVia, single, testCall, traceLines } from "../test-kit.ts";

const hours = single("businessHours", {
  timeZone: "America/New_York",
  weekly: [
    { days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "12:00" },
    { days: ["mon", "tue", "wed", "thu", "fri"], open: "13:00", close: "17:30" },
  ],
  holidays: [{ date: "2026-12-25", label: "Christmas" }],
});

const at = (iso: string) => testCall(hours, { call: { at: Date.parse(iso) } });

describe("businessHours", () => {
  test("open during a range, in the node's time zone (the clock comes from the event)", () => {
    const call = at("2026-03-02T15:00:00Z"); // Monday 10:00 in New York
    expect(exitVia(call.commands)).toBe("via open");
    expect(traceLines(call.trace)[1]).toBe(
      "node enter -> open: mon 2026-03-02 10:00 America/New_York is within business hours",
    );
    expect(call.state.frame.nodes.node).toEqual({ status: "open" });
  });

  test("closed at lunch, after hours, at the weekend; daylight saving is handled", () => {
    expect(exitVia(at("2026-03-02T17:30:00Z").commands)).toBe("via closed"); // Mon 12:30 EST
    expect(exitVia(at("2026-07-06T21:29:00Z").commands)).toBe("via open"); // Mon 17:29 EDT
    expect(exitVia(at("2026-07-06T21:30:00Z").commands)).toBe("via closed"); // Mon 17:30 EDT
    expect(exitVia(at("2026-03-07T15:00:00Z").commands)).toBe("via closed"); // Saturday
  });

  test("a holiday in the node's time zone, even when it is already the 26th in UTC", () => {
    const call = at("2026-12-26T02:00:00Z"); // Fri 25 Dec 21:00 in New York
    expect(exitVia(call.commands)).toBe("via holiday");
    expect(traceLines(call.trace)[1]).toBe(
      "node enter -> holiday: fri 2026-12-25 21:00 America/New_York is a holiday (Christmas)",
    );
  });
});
