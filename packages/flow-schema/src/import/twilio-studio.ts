import { CURRENT_SCHEMA_VERSION, flowDocumentSchema, type FlowDocument } from "../graph.ts";
import { validateFlow } from "../validate.ts";
import { ImportContext, identifier, type Converted } from "./studio/context.ts";
import {
  studioDefinitionSchema,
  type ImportReportItem,
  type StudioDefinition,
  type StudioIndex,
  type StudioState,
} from "./studio/definition.ts";
import { converters } from "./studio/widgets.ts";

export type { ImportReportItem } from "./studio/definition.ts";

export class ImportError extends Error {
  override readonly name = "ImportError";
}

export interface ImportResult {
  document: FlowDocument;
  /** Per widget: what could not be carried over or needs checking. Empty when the import is faithful. */
  report: ImportReportItem[];
}

const CURRENT_SCHEMA = "https://schemas.twilio.com/studio/draft/2019-09/flow-definition";

/**
 * Imports a Twilio Studio flow definition (JSON text or object; a Flow resource with a `definition` works
 * too) as a Ringflow document with the same behaviour for the voice widgets, and reports per widget
 * whatever could not be carried over.
 */
export function importTwilioStudio(input: unknown, options: { name?: string } = {}): ImportResult {
  const definition = readDefinition(input);
  const report: ImportReportItem[] = [];
  const index = indexStates(definition);
  const ctx = new ImportContext(index, report);

  const converted = new Map<string, Converted>();
  for (const state of definition.states) converted.set(state.name, convert(state, ctx));

  const nodes: FlowDocument["nodes"] = [];
  const edges: FlowDocument["edges"] = [];
  for (const state of definition.states) {
    if (ctx.absorbed.has(state.name)) continue;
    const node = converted.get(state.name) as Converted;
    const id = ctx.id(state.name);
    nodes.push({
      id,
      kind: node.kind,
      kindVersion: 1,
      label: node.label ?? state.name,
      position: offset(state),
      params: node.params as Record<string, unknown>,
    });
    for (const [port, next] of node.ports) {
      if (!next) continue;
      const targetId = index.ids.get(next);
      if (!targetId) {
        ctx.issue(state, `A transition leads to "${next}", which is not in the flow; it was dropped.`);
        continue;
      }
      edges.push({ id: `${id}.${port}`, source: id, sourcePort: port, target: targetId });
    }
  }
  const initial = index.states.get(definition.initial_state);
  if (initial && initial.type !== "trigger") {
    nodes.unshift({
      id: "start",
      kind: "start",
      kindVersion: 1,
      position: { x: 0, y: -150 },
      params: { accepts: ["inbound"] },
    });
    edges.push({ id: "start.inbound", source: "start", sourcePort: "inbound", target: ctx.id(initial.name) });
  }

  const languages = ctx.languages.length ? ctx.languages : ["en-US"];
  const parsed = flowDocumentSchema.safeParse({
    schemaVersion: CURRENT_SCHEMA_VERSION,
    name: options.name ?? definition.description ?? "Imported from Twilio Studio",
    description: "Imported from Twilio Studio",
    languages: { default: languages[0], supported: languages },
    variables: [...ctx.variables].sort().map((name) => ({ name, type: "string", default: "" })),
    nodes,
    edges,
  });
  if (!parsed.success)
    throw new ImportError(
      `The imported flow is malformed: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
    );
  reportValidation(parsed.data, index, report);
  return { document: parsed.data, report };
}

function readDefinition(input: unknown): StudioDefinition {
  let json = input;
  if (typeof json === "string") {
    try {
      json = JSON.parse(json);
    } catch {
      throw new ImportError(
        "This is not JSON. Export the flow from Twilio Studio (Trigger widget → Show Flow JSON) and paste all of it.",
      );
    }
  }
  if (json && typeof json === "object" && "definition" in json && typeof json.definition === "object")
    json = json.definition;
  if (!json || typeof json !== "object")
    throw new ImportError("This is not a Twilio Studio flow definition.");
  const record = json as Record<string, unknown>;
  const schema = typeof record.$schema === "string" ? record.$schema : undefined;
  const hasStates = Array.isArray(record.states) && typeof record.initial_state === "string";
  if (
    (schema && schema.includes("studio") && schema !== CURRENT_SCHEMA && !hasStates) ||
    (!hasStates && (Array.isArray(record.widgets) || "flow" in record))
  ) {
    throw new ImportError(
      "This is a Studio export in the format used before 2019, which Ringflow cannot read. Open the flow in the Twilio Console and export it again (Trigger widget → Show Flow JSON) to get the current flow definition, with `states` and `initial_state`.",
    );
  }
  const parsed = studioDefinitionSchema.safeParse(record);
  if (!parsed.success) {
    throw new ImportError(
      `This is not a Twilio Studio flow definition: ${parsed.error.issues.map((i) => `${i.path.join(".") || "flow"}: ${i.message}`).join("; ")}.`,
    );
  }
  return parsed.data;
}

function indexStates(definition: StudioDefinition): StudioIndex {
  const states = new Map(definition.states.map((s) => [s.name, s]));
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const state of definition.states) {
    let id = state.type === "trigger" ? "start" : identifier(state.name);
    while (used.has(id)) id = `${id}_`;
    used.add(id);
    ids.set(state.name, id);
  }
  const incoming = new Map<string, number>();
  for (const state of definition.states)
    for (const t of state.transitions) if (t.next) incoming.set(t.next, (incoming.get(t.next) ?? 0) + 1);
  return { states, ids, incoming };
}

function convert(state: StudioState, ctx: ImportContext): Converted {
  const converted = converters[state.type]?.(state, ctx);
  if (converted) return converted;
  ctx.issue(
    state,
    `The ${state.type} widget has no Ringflow equivalent; it became a hang-up marked "not imported" so the gap is visible on the canvas.`,
  );
  return {
    kind: "hangup",
    label: `⚠ ${state.name} (not imported)`,
    params: { reason: `Studio widget ${state.name} (${state.type}) was not imported` },
    ports: [],
  };
}

function offset(state: StudioState): { x: number; y: number } {
  const o = state.properties.offset as { x?: unknown; y?: unknown } | undefined;
  return { x: typeof o?.x === "number" ? o.x : 0, y: typeof o?.y === "number" ? o.y : 0 };
}

/** Errors that remain after the import, reported against the widget they came from. */
function reportValidation(doc: FlowDocument, index: StudioIndex, report: ImportReportItem[]): void {
  const widgetOf = new Map([...index.ids].map(([name, id]) => [id, name]));
  for (const problem of validateFlow(doc)) {
    if (problem.severity !== "error") continue;
    const widget = (problem.nodeId && widgetOf.get(problem.nodeId)) || "(flow)";
    report.push({
      widget,
      type: index.states.get(widget)?.type ?? "flow",
      issue: `Needs fixing in Ringflow: ${problem.message}`,
    });
  }
}
