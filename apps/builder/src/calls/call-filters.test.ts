import { describe, expect, it } from "vitest";
import { emptyFilters, filtersToQuery } from "./call-filters.ts";

describe("the Calls page's filters", () => {
  it("asks the API for nothing when every field is empty", () => {
    expect(filtersToQuery(emptyFilters)).toEqual({});
    expect(filtersToQuery({ ...emptyFilters, number: "   " })).toEqual({});
  });

  it("sends the number as typed, the whole 'to' day, the outcome, the flow and whether test calls show", () => {
    const query = filtersToQuery({
      number: " (555) 222-0000 ",
      from: "2026-11-02",
      to: "2026-11-03",
      outcome: "voicemail",
      flowId: "0190a4f0-0000-7000-8000-000000000001",
      test: "real",
    });
    expect(query).toEqual({
      number: "(555) 222-0000",
      since: new Date(2026, 10, 2),
      until: new Date(2026, 10, 4),
      outcome: "voicemail",
      flowId: "0190a4f0-0000-7000-8000-000000000001",
      test: false,
    });
    expect(filtersToQuery({ ...emptyFilters, test: "test" })).toEqual({ test: true });
    expect(filtersToQuery({ ...emptyFilters, test: "all" })).not.toHaveProperty("test");
  });
});
