import * as z from "zod";
import { CURRENT_SCHEMA_VERSION, flowDocumentSchema, type FlowDocument } from "./graph.ts";
import { nodeKindDefinition } from "./nodes/index.ts";

export class MigrationError extends Error {
  override readonly name = "MigrationError";
  constructor(
    message: string,
    readonly issues: z.core.$ZodIssue[] = [],
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

/** migrations[n] turns a document of schemaVersion n into one of n + 1. */
const migrations: Record<number, (doc: Json) => Json> = {
  /**
   * Version 1 was the prototype builder's save format, shaped like React Flow's state: one `language`,
   * variables as a name -> default map, nodes with `type`/`data`, edges with `sourceHandle`.
   */
  1: (doc) => {
    const language = typeof doc.language === "string" ? doc.language : "en-US";
    const variables = Object.entries((doc.variables as Json | undefined) ?? {}).map(([name, value]) => ({
      name,
      type:
        typeof value === "number"
          ? "number"
          : typeof value === "boolean"
            ? "boolean"
            : typeof value === "string"
              ? "string"
              : "json",
      default: value ?? null,
    }));
    const nodes = ((doc.nodes as Json[] | undefined) ?? []).map((node) => ({
      id: node.id,
      kind: node.type,
      kindVersion: typeof node.version === "number" ? node.version : 1,
      position: node.position ?? { x: 0, y: 0 },
      ...(typeof node.label === "string" ? { label: node.label } : {}),
      params: node.data ?? {},
    }));
    const edges = ((doc.edges as Json[] | undefined) ?? []).map((edge) => ({
      id: edge.id ?? `${String(edge.source)}-${String(edge.sourceHandle ?? "next")}-${String(edge.target)}`,
      source: edge.source,
      sourcePort: edge.sourceHandle ?? "next",
      target: edge.target,
    }));
    return {
      schemaVersion: 2,
      name: doc.name,
      description: doc.description ?? "",
      languages: { default: language, supported: [language] },
      variables,
      nodes,
      edges,
      settings: doc.onError ? { onError: doc.onError } : {},
    };
  },
};

/**
 * Brings a stored document of any schema version to the current one: document migrations first, then each
 * node's params up to its kind's current version. Idempotent. Throws MigrationError when the result is not
 * a structurally valid document (node params are checked by validateFlow, not here).
 */
export function migrate(input: unknown): FlowDocument {
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw new MigrationError("A flow document must be a JSON object.");
  let doc = input as Json;
  let version = typeof doc.schemaVersion === "number" ? doc.schemaVersion : 1;
  if (version > CURRENT_SCHEMA_VERSION)
    throw new MigrationError(
      `This flow was saved by a newer Ringflow (schema ${version}); this one reads up to ${CURRENT_SCHEMA_VERSION}.`,
    );
  while (version < CURRENT_SCHEMA_VERSION) {
    const step = migrations[version];
    if (!step) throw new MigrationError(`No migration from schema version ${version}.`);
    doc = step(doc);
    version += 1;
  }
  const parsed = flowDocumentSchema.safeParse(doc);
  if (!parsed.success)
    throw new MigrationError(
      `The flow document is malformed: ${z.prettifyError(parsed.error)}`,
      parsed.error.issues,
    );
  const result = parsed.data;
  return { ...result, nodes: result.nodes.map((node) => upgradeNode(node, result.languages.default)) };
}

function upgradeNode(
  node: FlowDocument["nodes"][number],
  defaultLanguage: string,
): FlowDocument["nodes"][number] {
  const definition = nodeKindDefinition(node.kind);
  if (!definition || node.kindVersion >= definition.version) return node;
  let params = node.params;
  for (let v = node.kindVersion; v < definition.version; v++) {
    const upgrade = definition.upgrades?.[v];
    if (upgrade) params = upgrade(params, { defaultLanguage });
  }
  return { ...node, kindVersion: definition.version, params };
}
