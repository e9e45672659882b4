import { createNode } from "../catalog.ts";
import { CURRENT_SCHEMA_VERSION, flowDocumentSchema, type FlowDocument } from "../graph.ts";
import type { NodeKind } from "../nodes/index.ts";

type NodeSpec = {
  id: string;
  kind: NodeKind;
  at: [x: number, y: number];
  label?: string;
  params?: Record<string, unknown>;
};
type EdgeSpec = [source: string, port: string, target: string];

const say = (text: string) => ({ type: "say", text: { "en-US": text } });

/**
 * A document from a compact description: each node starts from its kind's defaults. Positions run left
 * to right, as the canvas draws ports (in on the left, out on the right).
 */
export function buildFlow(spec: {
  name: string;
  description: string;
  nodes: NodeSpec[];
  edges: EdgeSpec[];
}): FlowDocument {
  return flowDocumentSchema.parse({
    schemaVersion: CURRENT_SCHEMA_VERSION,
    name: spec.name,
    description: spec.description,
    languages: { default: "en-US", supported: ["en-US"] },
    variables: [],
    nodes: spec.nodes.map(({ id, kind, at, label, params }) => {
      const node = createNode(kind, id, { x: at[0], y: at[1] });
      return { ...node, ...(label ? { label } : {}), params: { ...node.params, ...params } };
    }),
    edges: spec.edges.map(([source, sourcePort, target]) => ({
      id: `${source}-${sourcePort}`,
      source,
      sourcePort,
      target,
    })),
  });
}

export { say };
