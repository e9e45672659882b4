import { flowReferencesOf } from "../catalog.ts";
import type { FlowDocument } from "../graph.ts";
import { nodeKindDefinition } from "../nodes/index.ts";
import type { NodeFacts, ValidateOptions } from "./index.ts";
import type { Problem } from "./problem.ts";

const THIS_FLOW = "\u0000this flow";

/** Subflows must exist and must not (directly or through other flows) run themselves. */
export function checkSubflows(
  doc: FlowDocument,
  options: ValidateOptions,
  facts: NodeFacts[],
  problems: Problem[],
): void {
  const known = options.knownFlows;
  const self = options.flowId ?? THIS_FLOW;
  doc.nodes.forEach((node, i) => {
    const params = facts[i]?.params;
    const definition = nodeKindDefinition(node.kind);
    const references = definition?.flowReferences;
    if (params === undefined || !references) return;
    for (const ref of definition.foreignVariables?.(params) ?? []) {
      const other = known?.[ref.flowId];
      if (other && !other.variables.some((v) => v.name === ref.variable))
        problems.push({
          severity: "error",
          code: "undeclared-variable",
          nodeId: node.id,
          path: ["params", ...ref.path],
          message: `The subflow "${other.name}" has no variable "${ref.variable}".`,
        });
    }
    for (const flowId of references(params)) {
      if (flowId === self) {
        problems.push({
          severity: "error",
          code: "subflow-cycle",
          nodeId: node.id,
          path: ["params", "flowId"],
          message: "This flow runs itself as a subflow, which never ends.",
        });
        continue;
      }
      if (!known) continue;
      const target = known[flowId];
      if (!target) {
        problems.push({
          severity: "error",
          code: "unknown-subflow",
          nodeId: node.id,
          path: ["params", "flowId"],
          message: `The subflow "${flowId}" is not a published flow of this account.`,
        });
        continue;
      }
      const cycle = findCycle(flowId, self, known, [flowId]);
      if (cycle)
        problems.push({
          severity: "error",
          code: "subflow-cycle",
          nodeId: node.id,
          path: ["params", "flowId"],
          message: `Subflows run each other in a circle (${cycle.map((id) => (id === THIS_FLOW ? "this flow" : id)).join(" → ")}), which never ends.`,
        });
    }
  });
}

function findCycle(
  current: string,
  self: string,
  known: Record<string, FlowDocument>,
  chain: string[],
): string[] | null {
  for (const next of subflowsOf(known[current])) {
    if (next === self) return [self, ...chain, self];
    if (chain.includes(next)) return [...chain, next];
    if (!known[next]) continue;
    const found = findCycle(next, self, known, [...chain, next]);
    if (found) return found;
  }
  return null;
}

function subflowsOf(doc: FlowDocument | undefined): string[] {
  return doc ? doc.nodes.flatMap(flowReferencesOf) : [];
}
