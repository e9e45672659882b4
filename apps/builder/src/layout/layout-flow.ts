import type { FlowDocument, Position } from "@ringflow/flow-schema";
import { portsOf } from "@ringflow/flow-schema";

export interface LayoutOptions {
  /** Measured sizes by node id; nodes not measured yet get the default size. */
  sizes?: Record<string, { width: number; height: number }>;
}

const DEFAULT_SIZE = { width: 240, height: 110 };

/**
 * Positions for every node, left to right in the order calls move, with each node's ports in the order
 * the kind lists them so edges do not cross needlessly. Pure: the same flow gives the same layout.
 * elkjs is loaded on first use, so it does not weigh on opening the editor.
 */
export async function layoutFlow(
  doc: Pick<FlowDocument, "nodes" | "edges">,
  options: LayoutOptions = {},
): Promise<Record<string, Position>> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const elk = new ELK();
  const ids = new Set(doc.nodes.map((n) => n.id));
  const graph = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "90",
      "elk.spacing.nodeNode": "40",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    },
    children: doc.nodes.map((node) => {
      const size = options.sizes?.[node.id] ?? DEFAULT_SIZE;
      return {
        id: node.id,
        width: size.width,
        height: size.height,
        layoutOptions: { "elk.portConstraints": "FIXED_ORDER" },
        ports: [
          { id: `${node.id}:in`, layoutOptions: { "elk.port.side": "WEST" } },
          ...portsOf(node).map((port, index) => ({
            id: `${node.id}:out:${port.id}`,
            layoutOptions: { "elk.port.side": "EAST", "elk.port.index": String(index) },
          })),
        ],
      };
    }),
    edges: doc.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((edge) => ({
        id: edge.id,
        sources: [`${edge.source}:out:${edge.sourcePort}`],
        targets: [`${edge.target}:in`],
      })),
  };
  const result = await elk.layout(graph);
  const positions: Record<string, Position> = {};
  for (const child of result.children ?? []) {
    positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  }
  return positions;
}
