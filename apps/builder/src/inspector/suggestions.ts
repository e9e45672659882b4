import { CALL_FIELDS, FLOW_FIELDS, nodeKindDefinition, type FlowDocument } from "@ringflow/flow-schema";

/** A value a template can read, as the picker offers it: what to insert and what it means in words. */
export interface Suggestion {
  /** The Liquid name inserted as `{{name}}`. */
  name: string;
  words: string;
  group: "Answers from earlier blocks" | "Variables" | "This call" | "This flow";
}

const CALL_WORDS: Record<(typeof CALL_FIELDS)[number], string> = {
  from: "the caller's phone number",
  to: "the number the caller dialled",
  callId: "this call's reference",
  direction: "whether the call came in or went out",
  callerState: "the caller's US state",
  language: "the language of the call",
  startedAt: "when the call started",
};

const FLOW_WORDS: Record<(typeof FLOW_FIELDS)[number], string> = {
  accountId: "the workspace's reference",
  flowId: "this flow's reference",
  flowVersion: "the live version of this flow",
  name: "this flow's name",
};

/** Outputs that read better said as what the caller did; others use the kind's own description. */
const OUTPUT_WORDS: Record<string, (block: string) => string> = {
  digits: (block) => `what the caller pressed in ${block}`,
  speech: (block) => `what the caller said in ${block}`,
  confidence: (block) => `how sure the speech recognition was in ${block}`,
};

type Doc = Pick<FlowDocument, "nodes" | "edges" | "variables">;

/** A block as the admin knows it: its name, else its kind and id. */
const nameOf = (node: Doc["nodes"][number]) =>
  node.label || `${nodeKindDefinition(node.kind)?.label ?? node.kind} (${node.id})`;

/**
 * The Liquid names a template in `nodeId` can read, each said in words: the call and flow fields, every
 * declared variable, and the outputs of the nodes a call can pass through before reaching it (its
 * ancestors on the edges).
 */
export function liquidSuggestions(doc: Doc, nodeId: string): Suggestion[] {
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
  const outputs: Suggestion[] = [];
  for (const node of doc.nodes) {
    if (!seen.has(node.id) || node.id === nodeId) continue;
    const block = nameOf(node);
    for (const output of nodeKindDefinition(node.kind)?.outputs ?? [])
      outputs.push({
        name: `nodes.${node.id}.${output.name}`,
        words:
          OUTPUT_WORDS[output.name]?.(block) ??
          `${output.description.replace(/\.$/, "").replace(/^\w/, (c) => c.toLowerCase())} (${block})`,
        group: "Answers from earlier blocks",
      });
  }
  return [
    ...outputs,
    ...doc.variables.map((v) => ({
      name: `vars.${v.name}`,
      words: v.description ? `${v.name}: ${v.description}` : `the variable “${v.name}”`,
      group: "Variables" as const,
    })),
    ...CALL_FIELDS.map((f) => ({ name: `call.${f}`, words: CALL_WORDS[f], group: "This call" as const })),
    ...FLOW_FIELDS.map((f) => ({ name: `flow.${f}`, words: FLOW_WORDS[f], group: "This flow" as const })),
  ];
}

/** Text with each `{{ name }}` it can explain replaced by «words», for reading back what the caller hears. */
export function inWords(text: string, suggestions: Suggestion[]): string {
  const words = new Map(suggestions.map((s) => [s.name, s.words]));
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const said = words.get(name);
    return said ? `«${said}»` : whole;
  });
}
