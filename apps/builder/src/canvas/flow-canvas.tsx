import {
  Background,
  Controls,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  useStore as useXyStore,
  useStoreApi,
  type EdgeTypes,
  type NodeTypes,
} from "@xyflow/react";
import { isEntryKind, isNodeKind } from "@ringflow/flow-schema";
import { useCallback, useEffect, useState, type DragEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import type { CanvasEdge, CanvasNode } from "../store/canvas-types.ts";
import { useFlow, useFlowStoreApi } from "../store/flow-store-context.tsx";
import { readableView, type ReadableView } from "./initial-view.ts";
import { PortEdge } from "./port-edge.tsx";
import { StepNode } from "./step-node.tsx";

/** Defined once, outside any component, so xyflow never sees new node types and remounts every node. */
const nodeTypes: NodeTypes = { step: StepNode };
const edgeTypes: EdgeTypes = { port: PortEdge };

export const DRAG_KIND = "application/x-ringflow-kind";

/** The blocks as readableView places them: measured sizes where known. */
function placedBlocks(nodes: CanvasNode[]) {
  return nodes.map((n) => ({
    x: n.position.x,
    y: n.position.y,
    width: n.measured?.width ?? 240,
    height: n.measured?.height ?? 110,
    isStart: isEntryKind(n.data.kind),
    selected: Boolean(n.selected),
  }));
}

/**
 * "Zoom to fit" that never goes below the readable zoom: the whole flow when it fits readably, otherwise the
 * selection or the Start block at the readable zoom. Returns which, so the editor can say so.
 */
export function useReadableFit(): (options?: { duration?: number }) => ReadableView["mode"] {
  const flow = useReactFlow<CanvasNode, CanvasEdge>();
  const xy = useStoreApi();
  return useCallback(
    (options = {}) => {
      const { width, height } = xy.getState();
      const view = readableView(placedBlocks(flow.getNodes()), { width, height });
      void flow.setViewport(view.viewport, options);
      return view.mode;
    },
    [flow, xy],
  );
}

export function FlowCanvas({ onPlaced }: { onPlaced?(mode: ReadableView["mode"]): void }) {
  const api = useFlowStoreApi();
  const { nodes, edges, readOnly } = useFlow(
    useShallow((s) => ({ nodes: s.nodes, edges: s.edges, readOnly: s.readOnly })),
  );
  const { onNodesChange, onEdgesChange, connect, checkpoint } = api.getState();
  const flow = useReactFlow();
  const placed = usePlaceOnOpen(onPlaced);

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(DRAG_KIND)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(DRAG_KIND);
      if (!isNodeKind(kind)) return;
      event.preventDefault();
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      api.getState().addNode(kind, { x: position.x - 120, y: position.y - 30 });
    },
    [api, flow],
  );

  return (
    <div
      className={placed ? "canvas" : "canvas canvas-placing"}
      onDragOver={onDragOver}
      onDrop={onDrop}
      data-testid="canvas"
    >
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        onNodeDragStart={checkpoint}
        onSelectionDragStart={checkpoint}
        nodesConnectable={!readOnly}
        nodesDraggable={!readOnly}
        deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
        onlyRenderVisibleElements
        minZoom={0.05}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        {/* Fitting is the toolbar's "Zoom to fit", which stops at the readable zoom. */}
        <Controls position="bottom-left" aria-label="Zoom controls" showFitView={false} />
      </ReactFlow>
    </div>
  );
}

/**
 * Once the blocks are measured (or after a moment), opens the flow where its text is readable (see initialView); until then the
 * canvas stays invisible so it does not jump.
 */
function usePlaceOnOpen(onPlaced?: (mode: ReadableView["mode"]) => void): boolean {
  const initialized = useNodesInitialized();
  const width = useXyStore((s) => s.width);
  const height = useXyStore((s) => s.height);
  const fit = useReadableFit();
  const empty = useFlow((s) => s.nodes.length === 0);
  const [placed, setPlaced] = useState(false);
  // Blocks outside the first view are never rendered (onlyRenderVisibleElements), so never measured: after a
  // moment the view is placed with the sizes known so far.
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setWaited(true), 400);
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => {
    if (placed || width === 0 || height === 0) return;
    if (empty) return setPlaced(true);
    if (!initialized && !waited) return;
    onPlaced?.(fit());
    setPlaced(true);
  }, [placed, initialized, waited, empty, width, height, fit, onPlaced]);
  return placed;
}
