import type { FlowDocument } from "../graph.ts";
import { stronglyConnected } from "./graph-analysis.ts";
import type { NodeFacts } from "./index.ts";
import type { Problem } from "./problem.ts";

/**
 * Cycles made only of nodes that never wait for the caller or the network spin inside one engine step.
 * With no way out at all they are errors; with a conditional way out they are warnings (the engine stops
 * them after `maxStepsWithoutWait` node entries).
 */
export function checkLoops(
  doc: FlowDocument,
  facts: NodeFacts[],
  successors: number[][],
  problems: Problem[],
): void {
  const busy = successors.map((targets, i) =>
    facts[i]?.waits ? [] : targets.filter((t) => !facts[t]?.waits),
  );
  const { component, count } = stronglyConnected(busy);
  const members: number[][] = Array.from({ length: count }, () => []);
  component.forEach((c, i) => members[c]?.push(i));
  const connectedPorts = new Map<string, number>();
  for (const edge of doc.edges) connectedPorts.set(edge.source, (connectedPorts.get(edge.source) ?? 0) + 1);

  for (const group of members) {
    const first = group[0];
    if (first === undefined) continue;
    const isCycle = group.length > 1 || (busy[first] ?? []).includes(first);
    if (!isCycle) continue;
    const inGroup = new Set(group);
    const hasExit = group.some((i) => {
      const node = doc.nodes[i];
      const ports = (facts[i]?.ports ?? []).filter((p) => p.role !== "error");
      const leavesByEdge = (successors[i] ?? []).some((t) => !inGroup.has(t));
      return leavesByEdge || ports.length > (connectedPorts.get(node?.id ?? "") ?? 0);
    });
    const names = group.map((i) => doc.nodes[i]?.id).join(" → ");
    for (const i of group) {
      const nodeId = doc.nodes[i]?.id as string;
      problems.push(
        hasExit
          ? {
              severity: "warning",
              code: "loop-without-wait",
              nodeId,
              message: `These nodes can loop without waiting for the caller (${names}); make sure a condition ends the loop, or the call is stopped with an error after ${doc.settings.maxStepsWithoutWait} steps.`,
            }
          : {
              severity: "error",
              code: "endless-loop",
              nodeId,
              message: `These nodes loop forever without waiting for the caller (${names}); add a way out or a node that waits for input.`,
            },
      );
    }
  }
}
