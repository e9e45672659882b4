import {
  Background,
  Controls,
  Panel,
  ReactFlow,
  useReactFlow,
  type EdgeTypes,
  type NodeTypes,
} from "@xyflow/react";
import { isNodeKind } from "@ringflow/flow-schema";
import { useCallback, useState, type DragEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import type { CanvasEdge, CanvasNode } from "../store/canvas-types.ts";
import { LARGE_FLOW } from "../store/flow-store.ts";
import { useFlow, useFlowStoreApi } from "../store/flow-store-context.tsx";
import { CanvasMinimap } from "./canvas-minimap.tsx";
import { PortEdge } from "./port-edge.tsx";
import { StepNode } from "./step-node.tsx";

/** Defined once, outside any component, so xyflow never sees new node types and remounts every node. */
const nodeTypes: NodeTypes = { step: StepNode };
const edgeTypes: EdgeTypes = { port: PortEdge };

/** Never zoom in past 100% when fitting: a small flow stays readable, not blown up. */
const FIT_VIEW = { maxZoom: 1 };

/** A big flow opens on its first blocks at a readable zoom rather than as thousands of specks. */
function initialView(nodes: CanvasNode[]) {
  if (nodes.length <= LARGE_FLOW) return FIT_VIEW;
  return { maxZoom: 1, minZoom: 0.5, nodes: nodes.slice(0, 12).map((n) => ({ id: n.id })) };
}

/** A small flow fits on screen; the minimap would only hide part of it. */
const MINIMAP_FROM = 10;

export const DRAG_KIND = "application/x-ringflow-kind";

export function FlowCanvas() {
  const api = useFlowStoreApi();
  const { nodes, edges, readOnly } = useFlow(
    useShallow((s) => ({ nodes: s.nodes, edges: s.edges, readOnly: s.readOnly })),
  );
  const { onNodesChange, onEdgesChange, connect, checkpoint } = api.getState();
  const flow = useReactFlow();
  const [fitViewOptions] = useState(() => initialView(nodes));

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
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
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
        fitView
        fitViewOptions={fitViewOptions}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <Controls position="bottom-left" aria-label="Zoom controls" />
        {nodes.length >= MINIMAP_FROM && (
          <Panel position="bottom-right">
            <CanvasMinimap />
          </Panel>
        )}
      </ReactFlow>
    </div>
  );
}
