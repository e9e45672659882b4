import { importTwilioStudio, ImportError, type ImportReportItem } from "@ringflow/flow-schema";
import { toJson, type Db } from "@ringflow/db";
import { apiError } from "../../errors.ts";
import type { Actor } from "../audit/audit.ts";
import { problemsOf, readDocument } from "./documents.ts";
import { findFlow } from "./flows.ts";
import { loadDocument, type DocumentRef } from "./versions.ts";

export type ImportFormat = "ringflow" | "twilio-studio";

function parseJson(content: unknown): unknown {
  if (typeof content !== "string") return content;
  try {
    return JSON.parse(content);
  } catch (error) {
    throw apiError("BAD_REQUEST", `The file is not JSON: ${(error as Error).message}`);
  }
}

/** Studio definitions have `states` and `initial_state` (or sit under a Flow resource's `definition`). */
export function detectFormat(content: unknown): ImportFormat {
  const json = parseJson(content) as Record<string, unknown> | null;
  const definition = (json?.definition ?? json) as Record<string, unknown> | null;
  return definition && typeof definition === "object" && "states" in definition
    ? "twilio-studio"
    : "ringflow";
}

/** A new flow from a Ringflow document or a Twilio Studio definition; the draft, not published. */
export async function importFlow(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: { content: unknown; format?: ImportFormat | undefined; name?: string | undefined },
) {
  const json = parseJson(input.content);
  const format = input.format ?? detectFormat(json);
  let report: ImportReportItem[] = [];
  let document;
  if (format === "twilio-studio") {
    try {
      ({ document, report } = importTwilioStudio(json, input.name ? { name: input.name } : {}));
    } catch (error) {
      if (error instanceof ImportError) throw apiError("BAD_REQUEST", error.message);
      throw error;
    }
  } else {
    document = readDocument(json);
    if (input.name) document = { ...document, name: input.name };
  }
  const flow = await db.flow.create({
    data: {
      tenantId,
      name: document.name.slice(0, 200),
      description: document.description.slice(0, 2000),
      draft: toJson(document),
      draftUpdatedById: actor.userId,
    },
    select: { id: true, name: true, draftRevision: true },
  });
  return { flow, format, report, problems: await problemsOf(db, tenantId, flow.id, document) };
}

/** The Ringflow document of the draft or a version, ready to save as a file and import elsewhere. */
export async function exportFlow(db: Db, tenantId: string, input: { flowId: string; ref: DocumentRef }) {
  const flow = await findFlow(db, tenantId, input.flowId);
  const document = await loadDocument(db, tenantId, input.flowId, input.ref);
  return {
    fileName: `${flow.name.replace(/[^\w.-]+/g, "-").toLowerCase() || "flow"}${input.ref === "draft" ? "" : `-v${input.ref}`}.ringflow.json`,
    document,
  };
}
