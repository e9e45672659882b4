import {
  findTemplates,
  flowReferencesOf,
  isEntryKind,
  migrate,
  nodeCatalog,
  parseTemplate,
  portsOf,
  validateFlow,
  type FlowDocument,
  type NodeKind,
  type ParamsOf,
  type ParsedTemplate,
  type Problem,
  type VariableDefinition,
} from "@ringflow/flow-schema";
import type { Json } from "./state.ts";

export interface CompiledNode<K extends NodeKind = NodeKind> {
  id: string;
  kind: K;
  label: string | undefined;
  params: ParamsOf<K>;
  /** The node's own error port when it has one and it is connected. */
  errorPort: string | null;
}

export type AnyCompiledNode = { [K in NodeKind]: CompiledNode<K> }[NodeKind];

/** A flow indexed once, so a step does O(1) work per node. Built per published version and cached. */
export interface CompiledFlow {
  /** null for a flow compiled directly; the subflow id for subflows. */
  id: string | null;
  document: FlowDocument;
  startNodeId: string;
  nodes: Map<string, AnyCompiledNode>;
  /** `${nodeId}\u0000${port}` -> target node id. */
  edges: Map<string, string>;
  variables: Map<string, VariableDefinition>;
  templates: Map<string, ParsedTemplate>;
  /** Templates that are just `{{ a.b.c }}`, by source: rendered by a property lookup, the common case. */
  plainPaths: Map<string, string[]>;
  /** Uploaded prompt id -> audio URL. */
  prompts: Record<string, string>;
  /** Every flow reachable through subflow nodes, by id (shared by all flows of one compilation). */
  subflows: Map<string, CompiledFlow>;
}

export interface CompileOptions {
  /** The id the document is stored under (for subflow-cycle checks). */
  flowId?: string;
  /** Every flow a subflow node may run, by id; compiled along with this one. */
  subflows?: Record<string, FlowDocument>;
  /** URLs of uploaded prompts, by prompt id. */
  prompts?: Record<string, string>;
}

export class FlowCompileError extends Error {
  override readonly name = "FlowCompileError";
  constructor(readonly problems: Problem[]) {
    super(
      `The flow has ${problems.length} error(s): ${problems.map((p) => (p.nodeId ? `${p.nodeId}: ${p.message}` : p.message)).join(" ")}`,
    );
  }
}

const PLAIN_PATH = /^\{\{-?\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*-?\}\}$/;

export const edgeKey = (nodeId: string, port: string): string => `${nodeId}\u0000${port}`;

/** Migrates, validates (errors throw FlowCompileError; warnings are allowed) and indexes a flow. */
export function compileFlow(input: unknown, options: CompileOptions = {}): CompiledFlow {
  return compileOne(input, options.flowId ?? null, options, new Map());
}

function compileOne(
  input: unknown,
  id: string | null,
  options: CompileOptions,
  done: Map<string, CompiledFlow>,
): CompiledFlow {
  const document = migrate(input);
  const knownFlows = options.subflows ?? {};
  const errors = validateFlow(document, { ...(id ? { flowId: id } : {}), knownFlows }).filter(
    (p) => p.severity === "error",
  );
  if (errors.length > 0) throw new FlowCompileError(errors);

  const nodes = new Map<string, AnyCompiledNode>();
  const templates = new Map<string, ParsedTemplate>();
  const plainPaths = new Map<string, string[]>();
  const edges = new Map(document.edges.map((e) => [edgeKey(e.source, e.sourcePort), e.target]));
  for (const node of document.nodes) {
    const kind = node.kind as NodeKind;
    const params = nodeCatalog[kind].params.parse(node.params) as ParamsOf<NodeKind>;
    const errorPort =
      portsOf(node).find((p) => p.role === "error" && edges.has(edgeKey(node.id, p.id)))?.id ?? null;
    nodes.set(node.id, { id: node.id, kind, label: node.label, params, errorPort } as AnyCompiledNode);
    for (const { source } of findTemplates(params)) {
      if (templates.has(source)) continue;
      templates.set(source, parseTemplate(source));
      const plain = PLAIN_PATH.exec(source);
      if (plain) plainPaths.set(source, (plain[1] as string).split("."));
    }
    for (const flowId of flowReferencesOf(node))
      if (!done.has(flowId)) done.set(flowId, compileOne(knownFlows[flowId], flowId, options, done));
  }
  const start = document.nodes.find((n) => isEntryKind(n.kind)) as FlowDocument["nodes"][number];
  return {
    id,
    document,
    startNodeId: start.id,
    nodes,
    edges,
    variables: new Map(document.variables.map((v) => [v.name, v])),
    templates,
    plainPaths,
    prompts: options.prompts ?? {},
    subflows: done,
  };
}

export function variableDefaults(flow: CompiledFlow): Record<string, Json> {
  const vars: Record<string, Json> = {};
  for (const v of flow.variables.values()) vars[v.name] = v.default as Json;
  return vars;
}
