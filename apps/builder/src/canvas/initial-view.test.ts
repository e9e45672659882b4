import { describe, expect, it } from "vitest";
import { readableView, readableViewNote, READABLE_ZOOM } from "./initial-view.ts";

const block = (x: number, y: number, isStart = false, selected = false) => ({
  x,
  y,
  width: 240,
  height: 110,
  isStart,
  selected,
});
const pane = { width: 750, height: 560 };
const wide = [block(1000, 400), block(0, 300, true), ...[1, 2, 3, 4, 5].map((i) => block(i * 340, 0))];

describe("readableView", () => {
  it("fits a small flow, never above 100%", () => {
    const { viewport, mode } = readableView([block(0, 0, true), block(340, 0)], pane);
    expect(mode).toBe("fit");
    expect(viewport.zoom).toBe(1);
    expect(readableViewNote(mode)).toBeNull();
  });

  it("fits a flow when its text stays readable", () => {
    const { viewport, mode } = readableView([block(0, 0, true), block(500, 200)], pane);
    expect(mode).toBe("fit");
    expect(viewport.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(viewport.zoom).toBeLessThan(1);
  });

  it("keeps a wide flow at the readable zoom on its Start block instead of shrinking it", () => {
    const { viewport, mode } = readableView(wide, pane);
    expect(mode).toBe("start");
    expect(viewport.zoom).toBe(READABLE_ZOOM);
    // The Start block is on screen, near the left, vertically centred.
    expect(viewport.x + 0 * viewport.zoom).toBe(48);
    expect(viewport.y + (300 + 55) * viewport.zoom).toBeCloseTo(pane.height / 2);
    expect(readableViewNote(mode)).toContain("the Start block");
  });

  it("centres the selection at the readable zoom when the whole flow does not fit", () => {
    const blocks = wide.map((b) => (b.x === 1000 ? { ...b, selected: true } : b));
    const { viewport, mode } = readableView(blocks, pane);
    expect(mode).toBe("selection");
    expect(viewport.zoom).toBe(READABLE_ZOOM);
    expect(viewport.x + (1000 + 120) * viewport.zoom).toBeCloseTo(pane.width / 2);
    expect(viewport.y + (400 + 55) * viewport.zoom).toBeCloseTo(pane.height / 2);
    expect(readableViewNote(mode)).toContain("the selected blocks");
  });

  it("a selection does not stop a flow that fits from being fitted whole", () => {
    const { mode } = readableView([block(0, 0, true, true), block(340, 0)], pane);
    expect(mode).toBe("fit");
  });

  it("shows a flow whole at the readable zoom when only a fit's margins would not fit", () => {
    // 690 px wide: 632 px at the readable zoom, in a 650 px pane (a fit with its margins would need 750).
    const { viewport, mode } = readableView([block(0, 0, true), block(450, 100)], {
      width: 650,
      height: 560,
    });
    expect(mode).toBe("fit");
    expect(viewport.zoom).toBe(READABLE_ZOOM);
    expect(viewport.x).toBeGreaterThanOrEqual(0);
    expect(viewport.x + 690 * viewport.zoom).toBeLessThanOrEqual(650);
  });
});
