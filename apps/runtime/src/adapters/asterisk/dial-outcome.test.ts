import { describe, expect, it } from "vitest";
import { UNANSWERED, unansweredStatus } from "./dial-outcome.ts";

describe("what a dialled leg's end means (one table)", () => {
  it("names each cause and each Dial status once", () => {
    const rows = Object.values(UNANSWERED);
    const causes = rows.flatMap((row) => row.causes);
    const statuses = rows.flatMap((row) => row.dialStatuses);
    expect(new Set(causes).size).toBe(causes.length);
    expect(new Set(statuses).size).toBe(statuses.length);
  });

  it("reads a Local leg's Dial status first, then the destroyed or requested cause, NOANSWER only without one", () => {
    expect(unansweredStatus(0, { dialstatus: "BUSY" })).toBe("busy");
    expect(unansweredStatus(0, { dialstatus: "CONGESTION" })).toBe("failed");
    expect(unansweredStatus(0, { requestedCause: 17, dialstatus: "NOANSWER" })).toBe("busy");
    expect(unansweredStatus(21, { dialstatus: "NOANSWER" })).toBe("busy");
    expect(unansweredStatus(0, { dialstatus: "NOANSWER" })).toBe("no-answer");
    expect(unansweredStatus(31, { dialstatus: "NOANSWER" })).toBe("failed");
    expect(unansweredStatus(19)).toBe("no-answer");
    expect(unansweredStatus(0)).toBe("failed");
  });
});
