import {
  createNode,
  CURRENT_SCHEMA_VERSION,
  flowReferencesOf,
  migrate,
  MigrationError,
  validateFlow,
  type FlowDocument,
} from "@ringflow/flow-schema";
import { flowTemplates, type FlowTemplateId } from "@ringflow/flow-schema/templates";
import type { Db, DbTx } from "@ringflow/db";
import { apiError } from "../../errors.ts";

/** A new flow's document: a template's, or a lone start node. */
export function startingDocument(name: string, templateId?: FlowTemplateId): FlowDocument {
  if (templateId) return { ...flowTemplates[templateId].build(), name };
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    name,
    description: "",
    languages: { default: "en-US", supported: ["en-US"] },
    variables: [],
    nodes: [createNode("start", "start")],
    edges: [],
    settings: {
      maxStepsWithoutWait: 200,
      apology: { "en-US": "Sorry, something went wrong. Please call again later. Goodbye." },
    },
  };
}

/** A document as stored or as sent by a client, brought to the current schema; malformed ones are a 400. */
export function readDocument(input: unknown): FlowDocument {
  try {
    return migrate(input);
  } catch (error) {
    if (error instanceof MigrationError) throw apiError("BAD_REQUEST", error.message);
    throw error;
  }
}

/** The tenant's published flows, which subflow nodes may run; loaded only when a node runs another flow. */
async function knownFlows(db: Db | DbTx, tenantId: string, document: FlowDocument) {
  if (!document.nodes.some((node) => flowReferencesOf(node).length > 0)) return {};
  const flows = await db.flow.findMany({
    where: { tenantId, liveVersionId: { not: null } },
    select: { id: true, liveVersion: { select: { document: true } } },
  });
  return Object.fromEntries(
    flows.flatMap((flow) => (flow.liveVersion ? [[flow.id, readDocument(flow.liveVersion.document)]] : [])),
  );
}

export async function problemsOf(db: Db | DbTx, tenantId: string, flowId: string, document: FlowDocument) {
  return validateFlow(document, { flowId, knownFlows: await knownFlows(db, tenantId, document) });
}
