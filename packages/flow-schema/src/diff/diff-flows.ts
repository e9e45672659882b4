import type { FlowDocument, FlowEdge, FlowNode, VariableDefinition } from "../graph.ts";

export type DiffPath = (string | number)[];

/** One field that differs; `before` or `after` is undefined where the field is absent on that side. */
export interface FieldChange {
  path: DiffPath;
  before: unknown;
  after: unknown;
}

export interface FlowDiff {
  /** Name and description. */
  document: FieldChange[];
  languages: FieldChange[];
  settings: FieldChange[];
  variables: {
    added: VariableDefinition[];
    removed: VariableDefinition[];
    changed: { name: string; changes: FieldChange[] }[];
  };
  nodes: {
    added: FlowNode[];
    removed: FlowNode[];
    /** Changes inside a node, its position on the canvas excluded. */
    changed: { id: string; changes: FieldChange[] }[];
  };
  /** Edges are compared by what they connect (source, port, target), not by their ids. */
  edges: { added: FlowEdge[]; removed: FlowEdge[] };
  /** True when nothing but canvas positions and edge ids differ. */
  identical: boolean;
}

type Diffable = Pick<
  FlowDocument,
  "name" | "description" | "languages" | "settings" | "variables" | "nodes" | "edges"
>;

/** What changed from `a` to `b`, field by field, ignoring where nodes sit on the canvas. */
export function diffFlows(a: Diffable, b: Diffable): FlowDiff {
  const nodes = diffKeyed(a.nodes, b.nodes, (node) => node.id, nodeSemantics);
  const variables = diffKeyed(
    a.variables,
    b.variables,
    (variable) => variable.name,
    (v) => v,
  );
  const edgeKey = (edge: FlowEdge) => JSON.stringify([edge.source, edge.sourcePort, edge.target]);
  const aEdges = new Set(a.edges.map(edgeKey));
  const bEdges = new Set(b.edges.map(edgeKey));
  const edges = {
    added: b.edges.filter((edge) => !aEdges.has(edgeKey(edge))),
    removed: a.edges.filter((edge) => !bEdges.has(edgeKey(edge))),
  };
  const diff: Omit<FlowDiff, "identical"> = {
    document: [
      ...diffValues(a.name, b.name, ["name"]),
      ...diffValues(a.description, b.description, ["description"]),
    ],
    languages: diffValues(a.languages, b.languages, []),
    settings: diffValues(a.settings, b.settings, []),
    variables: {
      added: variables.added,
      removed: variables.removed,
      changed: variables.changed.map(({ key, changes }) => ({ name: key, changes })),
    },
    nodes: {
      added: nodes.added,
      removed: nodes.removed,
      changed: nodes.changed.map(({ key, changes }) => ({ id: key, changes })),
    },
    edges,
  };
  const identical =
    diff.document.length + diff.languages.length + diff.settings.length === 0 &&
    [diff.variables, diff.nodes, diff.edges].every((part) =>
      Object.values(part).every((list: unknown[]) => list.length === 0),
    );
  return { ...diff, identical };
}

/** A node as it behaves: everything but its id (the key) and its canvas position. */
function nodeSemantics(node: FlowNode): Record<string, unknown> {
  const { id: _id, position: _position, ...rest } = node;
  return rest;
}

function diffKeyed<T>(
  before: T[],
  after: T[],
  keyOf: (item: T) => string,
  semantics: (item: T) => unknown,
): { added: T[]; removed: T[]; changed: { key: string; changes: FieldChange[] }[] } {
  const beforeByKey = new Map(before.map((item) => [keyOf(item), item]));
  const afterKeys = new Set(after.map(keyOf));
  const changed: { key: string; changes: FieldChange[] }[] = [];
  const added: T[] = [];
  for (const item of after) {
    const previous = beforeByKey.get(keyOf(item));
    if (previous === undefined) {
      added.push(item);
      continue;
    }
    const changes = diffValues(semantics(previous), semantics(item), []);
    if (changes.length) changed.push({ key: keyOf(item), changes });
  }
  return { added, removed: before.filter((item) => !afterKeys.has(keyOf(item))), changed };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Leaf-level differences between two JSON values; arrays compare by index. */
export function diffValues(before: unknown, after: unknown, path: DiffPath): FieldChange[] {
  if (Object.is(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: FieldChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++)
      changes.push(...diffValues(before[i], after[i], [...path, i]));
    return changes;
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    const changes: FieldChange[] = [];
    for (const key of [...keys].sort()) changes.push(...diffValues(before[key], after[key], [...path, key]));
    return changes;
  }
  return [{ path, before, after }];
}
