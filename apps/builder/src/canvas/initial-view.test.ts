import { describe, expect, it } from "vitest";
import { initialView, READABLE_ZOOM } from "./initial-view.ts";

const block = (x: number, y: number, isStart = false) => ({ x, y, width: 240, height: 110, isStart });
const pane = { width: 750, height: 560 };

describe("initialView", () => {
  it("fits a small flow, never above 100%", () => {
    const { viewport, mode } = initialView([block(0, 0, true), block(340, 0)], pane);
    expect(mode).toBe("fit");
    expect(viewport.zoom).toBe(1);
  });

  it("fits a flow when its text stays readable", () => {
    const { viewport, mode } = initialView([block(0, 0, true), block(500, 200)], pane);
    expect(mode).toBe("fit");
    expect(viewport.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(viewport.zoom).toBeLessThan(1);
  });

  it("opens a wide flow on its Start block at 100% instead of shrinking it", () => {
    const blocks = [block(1000, 400), block(0, 300, true), ...[1, 2, 3, 4, 5].map((i) => block(i * 340, 0))];
    const { viewport, mode } = initialView(blocks, pane);
    expect(mode).toBe("start");
    expect(viewport.zoom).toBe(1);
    // The Start block is on screen, near the left, vertically centred.
    expect(viewport.x + 0).toBe(48);
    expect(viewport.y + 300 + 55).toBe(pane.height / 2);
  });
});
