import { getViewportForBounds, type Rect, type Viewport } from "@xyflow/react";

/** The smallest text on a block is 12 px at 100%; below this zoom it would be under 11 px on screen. */
export const BLOCK_TEXT_PX = 12;
export const READABLE_ZOOM = 11 / BLOCK_TEXT_PX;
/** Fitting never blows a small flow up past 100%. */
const MAX_FIT_ZOOM = 1;
const PADDING = 0.08;

export interface PlacedBlock extends Rect {
  isStart: boolean;
}

export interface InitialView {
  viewport: Viewport;
  /** "fit": the whole flow is on screen; "start": it would be too small, so the view opens on the Start block. */
  mode: "fit" | "start";
}

/**
 * Where a flow opens: the whole flow when it fits at a zoom where block text stays readable, otherwise the
 * Start block at 100% near the left edge (flows read left to right), vertically centred.
 */
export function initialView(blocks: PlacedBlock[], pane: { width: number; height: number }): InitialView {
  if (blocks.length === 0) return { viewport: { x: 0, y: 0, zoom: 1 }, mode: "fit" };
  const bounds = boundsOf(blocks);
  const fitted = getViewportForBounds(bounds, pane.width, pane.height, 0.01, MAX_FIT_ZOOM, PADDING);
  if (fitted.zoom >= READABLE_ZOOM) return { viewport: fitted, mode: "fit" };
  const start = blocks.find((b) => b.isStart) ?? blocks[0]!;
  const zoom = 1;
  return {
    viewport: { x: 48 - start.x * zoom, y: pane.height / 2 - (start.y + start.height / 2) * zoom, zoom },
    mode: "start",
  };
}

function boundsOf(blocks: Rect[]): Rect {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of blocks) {
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.width);
    maxY = Math.max(maxY, b.y + b.height);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}
