import { getViewportForBounds, type Rect, type Viewport } from "@xyflow/react";

/** The smallest text on a block is 12 px at 100%; below this zoom it would be under 11 px on screen. */
export const BLOCK_TEXT_PX = 12;
export const READABLE_ZOOM = 11 / BLOCK_TEXT_PX;
/** Fitting never blows a small flow up past 100%. */
const MAX_FIT_ZOOM = 1;
const PADDING = 0.08;
/** Room left of the Start block when the view opens on it. */
const START_MARGIN = 48;

export interface PlacedBlock extends Rect {
  isStart: boolean;
  selected?: boolean;
}

export interface ReadableView {
  viewport: Viewport;
  /**
   * "fit": the whole flow is on screen; otherwise it would be too small to read, so the view stays at the
   * readable zoom on the selection ("selection") or on the Start block ("start").
   */
  mode: "fit" | "selection" | "start";
}

/**
 * Where "Zoom to fit" (and opening a flow) puts the view: the whole flow when it fits at a zoom where block
 * text stays readable; otherwise the readable zoom itself, centred on the selected blocks, or with the Start
 * block near the left edge (flows read left to right) and vertically centred. Never below the readable zoom.
 */
export function readableView(blocks: PlacedBlock[], pane: { width: number; height: number }): ReadableView {
  if (blocks.length === 0) return { viewport: { x: 0, y: 0, zoom: 1 }, mode: "fit" };
  const all = boundsOf(blocks);
  const fitted = getViewportForBounds(all, pane.width, pane.height, 0.01, MAX_FIT_ZOOM, PADDING);
  if (fitted.zoom >= READABLE_ZOOM) return { viewport: fitted, mode: "fit" };
  const zoom = READABLE_ZOOM;
  // Whole at the readable zoom with less room around it than a fit leaves: still the whole flow.
  if (all.width * zoom <= pane.width && all.height * zoom <= pane.height)
    return {
      viewport: {
        x: pane.width / 2 - (all.x + all.width / 2) * zoom,
        y: pane.height / 2 - (all.y + all.height / 2) * zoom,
        zoom,
      },
      mode: "fit",
    };
  const selected = blocks.filter((b) => b.selected);
  if (selected.length > 0) {
    const box = boundsOf(selected);
    return {
      viewport: {
        x: pane.width / 2 - (box.x + box.width / 2) * zoom,
        y: pane.height / 2 - (box.y + box.height / 2) * zoom,
        zoom,
      },
      mode: "selection",
    };
  }
  const start = blocks.find((b) => b.isStart) ?? blocks[0]!;
  return {
    viewport: {
      x: START_MARGIN - start.x * zoom,
      y: pane.height / 2 - (start.y + start.height / 2) * zoom,
      zoom,
    },
    mode: "start",
  };
}

/** What the admin is told when the flow is larger than the screen at a readable size. */
export function readableViewNote(mode: ReadableView["mode"]): string | null {
  if (mode === "fit") return null;
  return `This flow is too big to show whole at a readable size, so the view is on ${
    mode === "start" ? "the Start block" : "the selected blocks"
  }. Drag the canvas or use the minimap under the blocks list to see the rest.`;
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
