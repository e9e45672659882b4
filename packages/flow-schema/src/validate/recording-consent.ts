import type { FlowDocument } from "../graph.ts";
import type { NodeFacts } from "./index.ts";
import type { Problem } from "./problem.ts";

/** A node that starts call recording, reachable on a path where consent was never asked or was declined. */
export function checkRecordingConsent(
  doc: FlowDocument,
  facts: NodeFacts[],
  start: number,
  problems: Problem[],
): void {
  const index = new Map(doc.nodes.map((n, i) => [n.id, i]));
  const out = new Map<string, { port: string; target: number }[]>();
  for (const edge of doc.edges) {
    const target = index.get(edge.target);
    if (target === undefined) continue;
    const list = out.get(edge.source) ?? [];
    list.push({ port: edge.sourcePort, target });
    out.set(edge.source, list);
  }
  const seen = new Uint8Array(doc.nodes.length);
  const stack = [start];
  seen[start] = 1;
  while (stack.length > 0) {
    const i = stack.pop() as number;
    const node = doc.nodes[i];
    if (!node) continue;
    if (recordsCall(node.kind, facts[i]?.params))
      problems.push({
        severity: "warning",
        code: "recording-without-consent",
        nodeId: node.id,
        message:
          "Some paths reach this node without recording consent (or after Declined); there the call is not recorded for callers who must consent.",
      });
    for (const { port, target } of out.get(node.id) ?? []) {
      if (node.kind === "recordingConsent" && port !== "declined") continue;
      if (!seen[target]) {
        seen[target] = 1;
        stack.push(target);
      }
    }
  }
}

function recordsCall(kind: string, params: unknown): boolean {
  if (kind === "startRecording") return true;
  return kind === "transfer" && (params as { record?: boolean } | undefined)?.record === true;
}
