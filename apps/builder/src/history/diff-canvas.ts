import { diffFlows, type FlowDiff, type FlowDocument } from "@ringflow/flow-schema";
import type { DiffStatus } from "../store/flow-store.ts";

/**
 * One document to draw a diff on the canvas: the newer version's nodes and edges, plus the nodes and edges
 * the older one had and the newer one lost (at their old positions), each node marked added, removed or changed.
 */
export function diffCanvas(
  before: FlowDocument,
  after: FlowDocument,
  diff: FlowDiff = diffFlows(before, after),
): { document: FlowDocument; status: Record<string, DiffStatus>; diff: FlowDiff } {
  const status: Record<string, DiffStatus> = {};
  for (const node of diff.nodes.added) status[node.id] = "added";
  for (const node of diff.nodes.removed) status[node.id] = "removed";
  for (const { id } of diff.nodes.changed) status[id] = "changed";
  const removedEdges = diff.edges.removed.map((edge) => ({ ...edge, id: `removed:${edge.id}` }));
  return {
    document: {
      ...after,
      nodes: [...after.nodes, ...diff.nodes.removed],
      edges: [...after.edges, ...removedEdges],
    },
    status,
    diff,
  };
}

/** "params.options.1.label" reads as "options › 2 › label" for people who count from one. */
export function describePath(path: (string | number)[]): string {
  return path
    .filter((p, i) => !(i === 0 && p === "params"))
    .map((p) => (typeof p === "number" ? String(p + 1) : p))
    .join(" › ");
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "(none)";
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  return JSON.stringify(value);
}
