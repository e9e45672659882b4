import { describe, expect, it } from "vitest";
import { dayInWords } from "./retention-page.tsx";

describe("dayInWords", () => {
  it("says a local day as people do, with the year only when it is not this one", () => {
    const today = new Date(2026, 11, 1);
    expect(dayInWords("2026-12-03", today)).toBe("Thursday 3 December");
    expect(dayInWords("2027-03-02", today)).toBe("Tuesday 2 March 2027");
    // The day as given, whatever the browser's own time zone.
    expect(dayInWords("2026-12-31", today)).toBe("Thursday 31 December");
  });
});
