import * as z from "zod";
import type { PortDefinition } from "./define-node-kind.ts";
import type { FlowNode } from "./graph.ts";
import { nodeCatalog, nodeKindDefinition, type NodeKind, type ParamsOf } from "./nodes/index.ts";
import { clearTemplateCache } from "./template.ts";

/**
 * Params for a node freshly dropped on the canvas, defaults applied. Valid for every kind except those that
 * need a choice first (a subflow's flow): those come back as their initial params, and validation asks for it.
 */
export function defaultParams<K extends NodeKind>(kind: K): ParamsOf<K> {
  const definition = nodeCatalog[kind];
  const parsed = definition.params.safeParse(definition.initialParams);
  return (parsed.success ? parsed.data : definition.initialParams) as ParamsOf<K>;
}

/** A new node of a kind, ready to add to a document. */
export function createNode<K extends NodeKind>(kind: K, id: string, position = { x: 0, y: 0 }): FlowNode {
  return {
    id,
    kind,
    kindVersion: nodeCatalog[kind].version,
    position,
    params: defaultParams(kind) as Record<string, unknown>,
  };
}

/**
 * The output ports of a node. With params that do not parse, list-derived ports (menu options, split
 * conditions) are read as far as they go, so the canvas keeps its handles while the admin fixes a field.
 */
export function portsOf(node: Pick<FlowNode, "kind" | "params">): PortDefinition[] {
  const definition = nodeKindDefinition(node.kind);
  if (!definition) return [];
  if (Array.isArray(definition.ports)) return [...definition.ports];
  const parsed = parseParams(node.kind, node.params) as ParamsParse;
  const ports = definition.ports as (params: unknown) => PortDefinition[];
  if (parsed.success) return ports(parsed.data);
  try {
    return ports(salvage(node.params));
  } catch {
    return [];
  }
}

const SUMMARY_CHARS = 70;

/** The canvas card's line for a node, from its kind's `summary`; "" while its params do not parse. */
export function summaryOf(node: Pick<FlowNode, "kind" | "params">): string {
  const definition = nodeKindDefinition(node.kind);
  const parsed = parseParams(node.kind, node.params);
  if (!definition || !parsed?.success) return "";
  const text = definition.summary(parsed.data).replace(/\s+/g, " ").trim();
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS - 1)}…` : text;
}

/** Whether calls begin at nodes of this kind (the catalog's `entry` flag). */
export function isEntryKind(kind: string): boolean {
  return nodeKindDefinition(kind)?.entry === true;
}

/** The flows a node runs (the catalog's `flowReferences`); none while its params do not parse. */
export function flowReferencesOf(node: Pick<FlowNode, "kind" | "params">): string[] {
  const references = nodeKindDefinition(node.kind)?.flowReferences;
  const parsed = references && parseParams(node.kind, node.params);
  return references && parsed?.success ? references(parsed.data).filter((id) => id !== "") : [];
}

/** Keeps the list items that have an id (or are plain values), so dynamic ports survive invalid params. */
function salvage(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    out[key] = Array.isArray(value) ? value.filter((item) => typeof item !== "object" || hasId(item)) : value;
  }
  return out;
}

function hasId(item: unknown): item is { id: string } {
  return typeof item === "object" && item !== null && typeof (item as { id?: unknown }).id === "string";
}

type ParamsParse = { success: true; data: unknown } | { success: false; error: z.ZodError };
const parsedParams = new Map<string, ParamsParse>();

/**
 * A node's params checked against its kind, remembered by content: the builder validates the whole flow
 * on every edit, and an edit changes one node. The result is shared, so callers must not mutate it.
 */
export function parseParams(kind: string, params: unknown): ParamsParse | undefined {
  const definition = nodeKindDefinition(kind);
  if (!definition) return undefined;
  const key = `${kind}\u0000${JSON.stringify(params)}`;
  let result = parsedParams.get(key);
  if (!result) {
    result = definition.params.safeParse(params) as ParamsParse;
    if (parsedParams.size >= 20_000) parsedParams.clear();
    parsedParams.set(key, result);
  }
  return result;
}

/** Forgets remembered params parses and template checks (for benchmarks). */
export function clearValidationCaches(): void {
  parsedParams.clear();
  clearTemplateCache();
}

/** JSON Schema of a kind's params, with labels, help and widgets, for form generation. */
export function paramsJsonSchema(kind: NodeKind): Record<string, unknown> {
  return z.toJSONSchema(nodeCatalog[kind].params, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
}
