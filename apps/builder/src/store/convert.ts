import type { FlowDocument, FlowEdge, FlowNode } from "@ringflow/flow-schema";
import type { CanvasEdge, CanvasNode } from "./canvas-types.ts";

export function toCanvasNode(node: FlowNode): CanvasNode {
  const { id, position, ...data } = node;
  return { id, type: "step", position, data };
}

export function toCanvasEdge(edge: FlowEdge): CanvasEdge {
  return {
    id: edge.id,
    type: "port",
    source: edge.source,
    sourceHandle: edge.sourcePort,
    target: edge.target,
  };
}

export function toFlowNode(node: CanvasNode): FlowNode {
  return {
    id: node.id,
    kind: node.data.kind,
    kindVersion: node.data.kindVersion,
    ...(node.data.label !== undefined ? { label: node.data.label } : {}),
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    params: node.data.params,
  };
}

export function toFlowEdge(edge: CanvasEdge): FlowEdge {
  return { id: edge.id, source: edge.source, sourcePort: edge.sourceHandle ?? "", target: edge.target };
}

/** The document part the canvas does not edit: name, languages, variables, settings. */
export type DocumentMeta = Omit<FlowDocument, "nodes" | "edges">;

export function splitDocument(doc: FlowDocument): {
  meta: DocumentMeta;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
} {
  const { nodes, edges, ...meta } = doc;
  return { meta, nodes: nodes.map(toCanvasNode), edges: edges.map(toCanvasEdge) };
}

export function joinDocument(meta: DocumentMeta, nodes: CanvasNode[], edges: CanvasEdge[]): FlowDocument {
  return { ...meta, nodes: nodes.map(toFlowNode), edges: edges.map(toFlowEdge) };
}
