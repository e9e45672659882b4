import type { Edge, Node } from "@xyflow/react";
import type { FlowNode } from "@ringflow/flow-schema";

/** What a canvas node carries: the flow node minus its position, which xyflow owns while editing. */
export type StepData = Omit<FlowNode, "position" | "id">;

/** Every node on the canvas is a step of the flow; kinds differ by data, not by component. */
export type StepNode = Node<StepData, "step">;
/** The canvas nodes, as a union so another node type (a comment, a group) can join without casts. */
export type CanvasNode = StepNode;
export type CanvasEdge = Edge<Record<string, never>, "port">;
