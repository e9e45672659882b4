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
    const at = offset(state);
    const placed = [
      { ...node, id: ctx.id(state.name), label: node.label ?? state.name, position: at },
      ...(node.added ?? []).map((added, i) => ({ ...added, position: { x: at.x, y: at.y + 150 * (i + 1) } })),
    ];
    for (const { id, kind, label, position, params, ports } of placed) {
      nodes.push({ id, kind, kindVersion: 1, label, position, params: params as Record<string, unknown> });
      for (const [port, next] of ports) {
        if (!next) continue;
        const targetId = typeof next === "string" ? index.ids.get(next) : next.nodeId;
        if (!targetId) {
          ctx.issue(
            state,
            `A transition leads to "${String(next)}", which is not in the flow; it was dropped.`,
          );
          continue;
        }
        edges.push({ id: `${id}.${port}`, source: id, sourcePort: port, target: targetId });
      }
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
    // Studio variables are text; an unset one is nil, so the Liquid rewrite tests them against "".
    variables: [...ctx.variables].sort().map((name) => ({ name, type: "string", default: "" })),
    nodes,
    edges,
    // Studio ends the call without a word when a failure has nowhere to go.
    settings: { apology: {} },
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
  if (isPre2019States(record)) throw new ImportError(PRE_2019_STATES);
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

const PRE_2019_STATES =
  "This is a Twilio Studio flow in the format Studio exported before 2019 (an InitialState trigger, a sid for every widget and a uuid for every transition), which Ringflow cannot read. Export it again in the current format: open the flow in Twilio Studio, select the Trigger widget, choose Show Flow JSON and copy all of it (or take the `definition` of the flow from Studio's REST API v2).";

/** The pre-2019 format: widgets known by sid, transitions with uuids, no `initial_state`. */
function isPre2019States(record: Record<string, unknown>): boolean {
  if (!Array.isArray(record.states) || typeof record.initial_state === "string") return false;
  return record.states.some((state: unknown) => {
    const s = (state ?? {}) as { sid?: unknown; type?: unknown; transitions?: unknown };
    const uuids =
      Array.isArray(s.transitions) && s.transitions.some((t) => !!(t as { uuid?: unknown })?.uuid);
    return s.type === "InitialState" || typeof s.sid === "string" || uuids;
  });
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
    UNSUPPORTED[state.type] ?? `The ${state.type} widget has no Ringflow equivalent; ${HUNG_UP}`,
  );
  return {
    kind: "hangup",
    label: `⚠ ${state.name} (not imported)`,
    params: { reason: `Studio widget ${state.name} (${state.type}) was not imported` },
    ports: [],
  };
}

const HUNG_UP =
  'callers who reach it are hung up. It became a hang-up marked "not imported" so the gap is visible on the canvas.';

/** What the caller loses at widgets Ringflow cannot run, in the caller's terms. */
const UNSUPPORTED: Record<string, string> = {
  "capture-payments": `Card payments are not taken (Ringflow keeps card data out of its calls); ${HUNG_UP}`,
  "add-twiml-redirect": `The TwiML at the widget's URL cannot run inside a Ringflow flow; ${HUNG_UP}`,
  "connect-virtual-agent": `The caller is not put through to the virtual agent (Ringflow cannot hand a call to Dialogflow); ${HUNG_UP}`,
  "send-to-auto-pilot": `Autopilot (which Twilio has retired) cannot take the call; ${HUNG_UP}`,
};

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
