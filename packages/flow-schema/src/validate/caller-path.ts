import type { FlowDocument } from "../graph.ts";
import type { NodeFacts } from "./index.ts";

export interface PathStep {
  node: number;
  /** The port the caller leaves `node` through; absent on the last step. */
  port?: string;
}

/** A block as warnings name it: its label, else its id. */
export function blockName(doc: FlowDocument, node: number): string {
  const n = doc.nodes[node];
  return `"${n?.label || n?.id || "?"}"`;
}

/**
 * The shortest path from `from` to `to` over connected ports (breadth-first), never passing through
 * `avoid`; null when there is none. `from` === `to` is a path around a loop.
 */
export function shortestPath(
  from: number,
  to: number,
  out: { port: string; target: number }[][],
  avoid = -1,
): PathStep[] | null {
  const previous = new Map<number, { node: number; port: string }>();
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const { port, target } of out[node] ?? []) {
      if (previous.has(target) || target === avoid || (target === from && from !== to)) continue;
      previous.set(target, { node, port });
      if (target === to) return unwind(previous, from, to);
      if (target !== from) queue.push(target);
    }
  }
  return null;
}

function unwind(previous: Map<number, { node: number; port: string }>, from: number, to: number): PathStep[] {
  const steps: PathStep[] = [{ node: to }];
  let at = previous.get(to);
  while (at) {
    steps.unshift({ node: at.node, port: at.port });
    if (at.node === from) break;
    at = previous.get(at.node);
  }
  return steps;
}

/** Paths glued end to start (the joint node once). */
export function joinPaths(...paths: PathStep[][]): PathStep[] {
  const [first = [], ...rest] = paths;
  return rest.reduce((all, path) => [...all.slice(0, -1), ...path], first);
}

/** `"Start" (Inbound call) → "Main menu" (Sales) → "Route"`; long paths keep their ends. */
export function pathInWords(doc: FlowDocument, facts: NodeFacts[], path: PathStep[]): string {
  const words = path.map(({ node, port }) => {
    if (port === undefined) return blockName(doc, node);
    const label = facts[node]?.ports.find((p) => p.id === port)?.label ?? port;
    return `${blockName(doc, node)} (${label})`;
  });
  const shown = words.length > 8 ? [...words.slice(0, 3), "…", ...words.slice(-4)] : words;
  return shown.join(" → ");
}
