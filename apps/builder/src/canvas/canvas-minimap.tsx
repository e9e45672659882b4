import { useReactFlow, useStore as useXyStore } from "@xyflow/react";
import { useEffect, useRef, type PointerEvent } from "react";
import { nodeKindDefinition } from "@ringflow/flow-schema";
import { useFlow } from "../store/flow-store-context.tsx";
import { CATEGORY_COLOUR } from "./category-colour.ts";

// Sized for the palette column it sits in, beside the canvas rather than over it.
const WIDTH = 156;
const HEIGHT = 104;
/** A small flow fits on screen; a minimap would only take room. */
const MINIMAP_FROM = 10;

/**
 * The minimap under the palette, for flows big enough to need one (or `always`, when the flow is too big to
 * show whole at a readable size): never drawn over the blocks.
 */
export function MinimapDock({ always = false }: { always?: boolean }) {
  const shown = useFlow((s) => always || s.nodes.length >= MINIMAP_FROM);
  if (!shown) return null;
  return (
    <div className="minimap-dock">
      <CanvasMinimap />
    </div>
  );
}
const NODE = { width: 240, height: 110 };

/**
 * The minimap drawn on one <canvas>: thousands of blocks cost one draw, not one SVG element and one store
 * subscription each. Click or drag on it to move the view there.
 */
export function CanvasMinimap() {
  const ref = useRef<HTMLCanvasElement>(null);
  const nodes = useFlow((s) => s.nodes);
  const diffStatus = useFlow((s) => s.diffStatus);
  const [x, y, zoom] = useXyStore((s) => s.transform);
  const paneWidth = useXyStore((s) => s.width);
  const paneHeight = useXyStore((s) => s.height);
  const flow = useReactFlow();
  const frame = useRef({ minX: 0, minY: 0, scale: 1 });

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const view = { x: -x / zoom, y: -y / zoom, width: paneWidth / zoom, height: paneHeight / zoom };
    let minX = view.x;
    let minY = view.y;
    let maxX = view.x + view.width;
    let maxY = view.y + view.height;
    for (const n of nodes) {
      minX = Math.min(minX, n.position.x);
      minY = Math.min(minY, n.position.y);
      maxX = Math.max(maxX, n.position.x + (n.measured?.width ?? NODE.width));
      maxY = Math.max(maxY, n.position.y + (n.measured?.height ?? NODE.height));
    }
    const pad = 40;
    const scale = Math.min(WIDTH / (maxX - minX + pad * 2), HEIGHT / (maxY - minY + pad * 2));
    frame.current = { minX: minX - pad, minY: minY - pad, scale };
    const sx = (v: number) => (v - minX + pad) * scale;
    const sy = (v: number) => (v - minY + pad) * scale;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = WIDTH * ratio;
    canvas.height = HEIGHT * ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    for (const n of nodes) {
      const status = diffStatus?.[n.id];
      ctx.fillStyle = n.selected
        ? "#2f6fed"
        : status === "added"
          ? "#1b9a4b"
          : status === "removed"
            ? "#d33"
            : status === "changed"
              ? "#d98b00"
              : categoryColour(n.data.kind);
      const w = Math.max(2, (n.measured?.width ?? NODE.width) * scale);
      const h = Math.max(2, (n.measured?.height ?? NODE.height) * scale);
      ctx.fillRect(sx(n.position.x), sy(n.position.y), w, h);
    }
    ctx.strokeStyle = "#2f6fed";
    ctx.lineWidth = 1.5;
    ctx.strokeRect(sx(view.x), sy(view.y), view.width * scale, view.height * scale);
  }, [nodes, diffStatus, x, y, zoom, paneWidth, paneHeight]);

  const moveTo = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const { minX, minY, scale } = frame.current;
    void flow.setCenter(minX + (event.clientX - box.left) / scale, minY + (event.clientY - box.top) / scale, {
      zoom,
    });
  };

  return (
    <canvas
      ref={ref}
      className="minimap"
      style={{ width: WIDTH, height: HEIGHT }}
      aria-label="Minimap: click to move the view"
      role="img"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        moveTo(e);
      }}
      onPointerMove={(e) => {
        if (e.buttons === 1) moveTo(e);
      }}
    />
  );
}

function categoryColour(kind: string): string {
  const category = nodeKindDefinition(kind)?.category;
  return category ? CATEGORY_COLOUR[category] : "#c3ccda";
}
