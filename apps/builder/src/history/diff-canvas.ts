import {
  diffFlows,
  fieldMeta,
  nodeKindDefinition,
  schemaAt,
  type FlowDiff,
  type FlowDocument,
  type FlowEdge,
} from "@ringflow/flow-schema";
import {
  createFlowStore,
  type DiffStatus,
  type EdgeDiffStatus,
  type FlowStore,
} from "../store/flow-store.ts";
import type { DocumentRef } from "./history-panel.tsx";

/**
 * One document to draw a diff on the canvas: the newer version's nodes and edges, plus the nodes and edges
 * the older one had and the newer one lost (at their old positions), each node marked added, removed or changed.
 */
export function diffCanvas(
  before: FlowDocument,
  after: FlowDocument,
  diff: FlowDiff = diffFlows(before, after),
): DiffCanvas {
  const status: Record<string, DiffStatus> = {};
  for (const node of diff.nodes.added) status[node.id] = "added";
  for (const node of diff.nodes.removed) status[node.id] = "removed";
  for (const { id } of diff.nodes.changed) status[id] = "changed";
  const removedEdges = diff.edges.removed.map((edge) => ({ ...edge, id: `removed:${edge.id}` }));
  const edgeKey = (edge: FlowEdge) => `${edge.source}\u0000${edge.sourcePort}\u0000${edge.target}`;
  const added = new Set(diff.edges.added.map(edgeKey));
  const edgeStatus: Record<string, EdgeDiffStatus> = {};
  for (const edge of after.edges) if (added.has(edgeKey(edge))) edgeStatus[edge.id] = "added";
  for (const edge of removedEdges) edgeStatus[edge.id] = "removed";
  return {
    document: {
      ...after,
      nodes: [...after.nodes, ...diff.nodes.removed],
      edges: [...after.edges, ...removedEdges],
    },
    status,
    edgeStatus,
    diff,
  };
}

interface DiffCanvas {
  document: FlowDocument;
  status: Record<string, DiffStatus>;
  edgeStatus: Record<string, EdgeDiffStatus>;
  diff: FlowDiff;
}

/** A read-only store that draws a diff: blocks and connections marked, problems of the newer side only. */
export function diffStore(view: DiffCanvas): FlowStore {
  const store = createFlowStore();
  store
    .getState()
    .load(view.document, { readOnly: true, diffStatus: view.status, edgeDiffStatus: view.edgeStatus });
  return store;
}

/**
 * A changed field in the words of the form: ["params", "options", 1, "label"] of a menu reads
 * "Options › 2 › Label" (labels from the kind's metadata, list items counted from one).
 */
export function describePath(path: (string | number)[], kind?: string): string {
  const params = kind ? nodeKindDefinition(kind)?.params : undefined;
  const keys = path[0] === "params" ? path.slice(1) : path;
  return keys
    .map((key, i) => {
      if (typeof key === "number") return String(key + 1);
      const schema = params ? schemaAt(params, keys.slice(0, i + 1)) : undefined;
      return (schema && fieldMeta(schema)?.label) || key;
    })
    .join(" › ");
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "(none)";
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  return JSON.stringify(value);
}

/** "version 2", or "the current draft". */
export function describeRef(ref: DocumentRef): string {
  return ref === "draft" ? "the current draft" : `version ${ref}`;
}
