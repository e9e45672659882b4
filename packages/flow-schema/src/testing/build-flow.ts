import { CURRENT_SCHEMA_VERSION, type FlowDocument, type VariableDefinition } from "../graph.ts";
import { nodeCatalog, type NodeKind, type ParamsInputOf } from "../nodes/index.ts";

type NodeSpec = { [K in NodeKind]: [K, ParamsInputOf<K>?] }[NodeKind];

export interface FlowSpec {
  name?: string;
  nodes: Record<string, NodeSpec>;
  /** [source, port, target] */
  edges?: [string, string, string][];
  variables?: VariableDefinition[];
  languages?: FlowDocument["languages"];
  settings?: Partial<FlowDocument["settings"]>;
}

/**
 * A flow document from a compact spec, for tests and fixtures:
 * `buildFlow({ nodes: { start: ["start"], hi: ["say", { text: { "en-US": "Hi" } }] }, edges: [["start", "inbound", "hi"]] })`.
 * Params default to the kind's initial params.
 */
export function buildFlow(spec: FlowSpec): FlowDocument {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    name: spec.name ?? "Test flow",
    description: "",
    languages: spec.languages ?? { default: "en-US", supported: ["en-US"] },
    variables: spec.variables ?? [],
    nodes: Object.entries(spec.nodes).map(([id, [kind, params]], i) => ({
      id,
      kind,
      kindVersion: nodeCatalog[kind].version,
      position: { x: 0, y: i * 120 },
      params: withOptionLabels((params ?? nodeCatalog[kind].initialParams) as Record<string, unknown>),
    })),
    edges: (spec.edges ?? []).map(([source, sourcePort, target]) => ({
      id: `${source}.${sourcePort}`,
      source,
      sourcePort,
      target,
    })),
    settings: {
      maxStepsWithoutWait: 200,
      apology: { "en-US": "Sorry, something went wrong. Please call again later. Goodbye." },
      ...spec.settings,
    },
  };
}

/**
 * Menu options written in a spec without a label get their id as one (a label is required; tests about
 * labels give one explicitly, even an empty one).
 */
function withOptionLabels(params: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(params.options)) return params;
  return {
    ...params,
    options: params.options.map((o: unknown) =>
      o && typeof o === "object" && !("label" in o) && "id" in o ? { ...o, label: String(o.id) } : o,
    ),
  };
}
