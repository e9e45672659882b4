import { describe, expect, it } from "vitest";
import { layoutFlow } from "./layout-flow.ts";
import { menuWithTwoBranches } from "../test-flows.ts";

describe("layoutFlow", () => {
  it("places nodes left to right along the edges, without overlaps", async () => {
    const doc = menuWithTwoBranches();
    const p = await layoutFlow(doc);
    expect(p.start!.x).toBeLessThan(p.menu!.x);
    expect(p.menu!.x).toBeLessThan(p.a!.x);
    expect(p.a!.x).toBe(p.b!.x);
    expect(Math.abs(p.a!.y - p.b!.y)).toBeGreaterThanOrEqual(110);
    // The sales port is listed first, so its branch sits above support's.
    expect(p.a!.y).toBeLessThan(p.b!.y);
  });
});
