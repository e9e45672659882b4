import type { FlowDocument } from "../graph.ts";
import { nodeKindDefinition } from "../nodes/index.ts";
import {
  CALL_FIELDS,
  CONTEXT_ROOTS,
  ERROR_FIELDS,
  FLOW_FIELDS,
  findTemplates,
  templateProblem,
  templateReferences,
} from "../template.ts";
import { dominates } from "./graph-analysis.ts";
import type { Problem } from "./problem.ts";

export interface ReferenceGraph {
  indexOf: Map<string, number>;
  /** Successors including the implicit "any node may fail into the error handler" edges. */
  successors: number[][];
  idom: Int32Array;
  reachable: Uint8Array;
  /** Filled with the reference paths each node's templates read (by node index), when given. */
  reads?: string[][][];
}

const fieldsOf: Record<string, readonly string[]> = {
  call: CALL_FIELDS,
  flow: FLOW_FIELDS,
  error: ERROR_FIELDS,
};

/** Liquid syntax and cost, and every `vars`/`nodes`/`call`/`flow` path a template reads: exists, and is set before it is read. */
export function checkTemplates(doc: FlowDocument, graph: ReferenceGraph, problems: Problem[]): void {
  const declared = new Set(doc.variables.map((v) => v.name));
  const reachers = new Map<number, Uint8Array>();
  const reaches = (from: number, to: number): boolean => {
    let seen = reachers.get(from);
    if (!seen) {
      seen = forwardFrom(from, graph.successors);
      reachers.set(from, seen);
    }
    return seen[to] === 1;
  };
  for (const node of doc.nodes) {
    const reader = graph.indexOf.get(node.id) as number;
    for (const { path, source } of findTemplates(node.params, ["params"])) {
      const invalid = templateProblem(source);
      if (invalid) {
        problems.push({ severity: "error", ...invalid, nodeId: node.id, path });
        continue;
      }
      const problem = (p: Omit<Problem, "nodeId" | "path">) => problems.push({ ...p, nodeId: node.id, path });
      for (const segments of templateReferences(source)) {
        const [root = "", name, field] = segments;
        if (graph.reads && (root === "vars" || root === "nodes")) (graph.reads[reader] ??= []).push(segments);
        const text = segments.join(".");
        if (!(CONTEXT_ROOTS as readonly string[]).includes(root)) {
          problem({
            severity: "error",
            code: "unknown-reference",
            message: `"${text}" is not something a template can read. Flow variables are read as vars.<name>, node results as nodes.<nodeId>.<field>.`,
          });
        } else if (root === "vars") {
          if (name !== undefined && !declared.has(name))
            problem({
              severity: "error",
              code: "undeclared-variable",
              message: `The variable "${name}" is not declared in this flow.`,
            });
        } else if (root === "nodes") {
          checkNodeReference(doc, graph, reader, name, field, text, reaches, problem);
        } else if (name !== undefined && !(fieldsOf[root] ?? []).includes(name)) {
          problem({
            severity: "error",
            code: "unknown-reference",
            message: `"${text}" does not exist; ${root} has ${(fieldsOf[root] ?? []).join(", ")}.`,
          });
        }
      }
    }
  }
}

function checkNodeReference(
  doc: FlowDocument,
  graph: ReferenceGraph,
  reader: number,
  nodeId: string | undefined,
  field: string | undefined,
  text: string,
  reaches: (from: number, to: number) => boolean,
  problem: (p: Omit<Problem, "nodeId" | "path">) => void,
): void {
  if (nodeId === undefined) return;
  const writer = graph.indexOf.get(nodeId);
  if (writer === undefined) {
    const near = closestId(doc, nodeId);
    problem({
      severity: "error",
      code: "unknown-reference",
      message: `"${text}" reads node "${nodeId}", which does not exist${near ? ` (did you mean "${near}"?)` : ""}: callers who reach this block get an error instead (the flow's error handler, or the apology and a hang-up).`,
    });
    return;
  }
  const definition = nodeKindDefinition(doc.nodes[writer]?.kind ?? "");
  if (!definition) return;
  if (field !== undefined && !definition.outputs.some((o) => o.name === field)) {
    const available = definition.outputs.map((o) => o.name).join(", ") || "nothing";
    problem({
      severity: "error",
      code: "unknown-node-output",
      message: `"${text}": a ${definition.label} node has no "${field}" (it provides ${available}).`,
    });
    return;
  }
  if (!graph.reachable[reader]) return;
  // Dominance first: it is the common case and needs no search.
  if (writer !== reader && dominates(graph.idom, writer, reader)) return;
  if (!reaches(writer, reader)) {
    problem({
      severity: "error",
      code: "stale-reference",
      message: `"${text}" is read before node "${nodeId}" can ever run: no path leads from it to here, so the value is always empty.`,
    });
  } else {
    problem({
      severity: "warning",
      code: "maybe-unset-reference",
      message: `"${text}" may be empty here: some paths reach this node without going through "${nodeId}".`,
    });
  }
}

function forwardFrom(start: number, successors: number[][]): Uint8Array {
  const seen = new Uint8Array(successors.length);
  const stack = [...(successors[start] ?? [])];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    if (seen[node]) continue;
    seen[node] = 1;
    for (const next of successors[node] ?? []) if (!seen[next]) stack.push(next);
  }
  return seen;
}

/** The node id a mistyped one most likely meant: same letters ignoring case, or at most two edits away. */
function closestId(doc: FlowDocument, wanted: string): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const { id } of doc.nodes) {
    const distance = id.toLowerCase() === wanted.toLowerCase() ? 0 : editDistance(id, wanted, 2);
    if (distance <= 2 && (!best || distance < best.distance)) best = { id, distance };
  }
  return best?.id;
}

/** Levenshtein distance, giving up (returning limit + 1) once it is past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    if (Math.min(...row) > limit) return limit + 1;
    previous = row;
  }
  return previous[b.length] as number;
}
