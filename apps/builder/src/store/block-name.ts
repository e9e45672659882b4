import { nodeKindDefinition } from "@ringflow/flow-schema";
import type { CanvasNode } from "./canvas-types.ts";

/** A block as the admin knows it: its name on the canvas, else its kind and id ("Say (say2)"). */
export function blockName(node: CanvasNode): string {
  return node.data.label || `${nodeKindDefinition(node.data.kind)?.label ?? node.data.kind} (${node.id})`;
}
