import { CALL_FIELDS, FLOW_FIELDS, nodeKindDefinition, type FlowDocument } from "@ringflow/flow-schema";

/**
 * The Liquid names a template in `nodeId` can read: the call and flow fields, every declared variable,
 * and the outputs of the nodes a call can pass through before reaching it (its ancestors on the edges).
 */
export function liquidSuggestions(
  doc: Pick<FlowDocument, "nodes" | "edges" | "variables">,
  nodeId: string,
): string[] {
  const incoming = new Map<string, string[]>();
  for (const edge of doc.edges) {
    const list = incoming.get(edge.target) ?? [];
    list.push(edge.source);
    incoming.set(edge.target, list);
  }
  const seen = new Set<string>();
  const queue = [...(incoming.get(nodeId) ?? [])];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(incoming.get(id) ?? []));
  }
  const outputs: string[] = [];
  for (const node of doc.nodes) {
    if (!seen.has(node.id) || node.id === nodeId) continue;
    for (const output of nodeKindDefinition(node.kind)?.outputs ?? [])
      outputs.push(`nodes.${node.id}.${output.name}`);
  }
  return [
    ...doc.variables.map((v) => `vars.${v.name}`),
    ...outputs,
    ...CALL_FIELDS.map((f) => `call.${f}`),
    ...FLOW_FIELDS.map((f) => `flow.${f}`),
  ];
}
