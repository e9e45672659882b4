import { toJson, type Db } from "@ringflow/db";
import type { FlowTemplateId } from "@ringflow/flow-schema/templates";
import { apiError, notFound } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import { problemsOf, readDocument, startingDocument } from "./documents.ts";

const summary = {
  id: true,
  name: true,
  description: true,
  status: true,
  draftRevision: true,
  draftUpdatedAt: true,
  createdAt: true,
  archivedAt: true,
  liveVersion: { select: { id: true, number: true, createdAt: true } },
  _count: { select: { bindings: true, versions: true } },
} as const;

export async function listFlows(db: Db, tenantId: string, query: { includeArchived: boolean }) {
  return db.flow.findMany({
    where: { tenantId, ...(query.includeArchived ? {} : { status: "ACTIVE" as const }) },
    orderBy: { updatedAt: "desc" },
    select: summary,
  });
}

export async function findFlow(db: Db, tenantId: string, flowId: string) {
  const flow = await db.flow.findFirst({ where: { id: flowId, tenantId } });
  if (!flow) throw notFound("Flow");
  return flow;
}

/** A flow for the editor: its draft (current schema), its revision and what validation says of it. */
export async function getFlow(db: Db, tenantId: string, flowId: string) {
  const flow = await db.flow.findFirst({
    where: { id: flowId, tenantId },
    select: { ...summary, draft: true, draftUpdatedById: true },
  });
  if (!flow) throw notFound("Flow");
  const draft = readDocument(flow.draft);
  return { ...flow, draft, problems: await problemsOf(db, tenantId, flowId, draft) };
}

export async function createFlow(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: { name: string; description?: string | undefined; templateId?: FlowTemplateId | undefined },
) {
  const document = startingDocument(input.name, input.templateId);
  return db.flow.create({
    data: {
      tenantId,
      name: input.name,
      description: input.description ?? document.description,
      draft: toJson(document),
      draftUpdatedById: actor.userId,
    },
    select: summary,
  });
}

export async function renameFlow(
  db: Db,
  tenantId: string,
  input: { flowId: string; name: string; description?: string | undefined },
) {
  const { count } = await db.flow.updateMany({
    where: { id: input.flowId, tenantId },
    data: {
      name: input.name,
      ...(input.description === undefined ? {} : { description: input.description }),
    },
  });
  if (!count) throw notFound("Flow");
  return db.flow.findFirstOrThrow({ where: { id: input.flowId, tenantId }, select: summary });
}

/** A new flow with a copy of the draft; versions stay with the original. */
export async function duplicateFlow(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: { flowId: string; name?: string | undefined },
) {
  const source = await findFlow(db, tenantId, input.flowId);
  const name = input.name ?? `Copy of ${source.name}`.slice(0, 200);
  return db.flow.create({
    data: {
      tenantId,
      name,
      description: source.description,
      draft: toJson({ ...readDocument(source.draft), name }),
      draftUpdatedById: actor.userId,
    },
    select: summary,
  });
}

export async function setFlowArchived(
  db: Db,
  tenantId: string,
  actor: Actor,
  flowId: string,
  archived: boolean,
) {
  return db.$transaction(async (tx) => {
    const flow = await tx.flow.findFirst({
      where: { id: flowId, tenantId },
      select: { id: true, status: true, _count: { select: { bindings: true } } },
    });
    if (!flow) throw notFound("Flow");
    if (archived && flow._count.bindings > 0)
      throw apiError(
        "PRECONDITION_FAILED",
        `This flow answers ${flow._count.bindings} number(s); bind them to another flow before archiving it.`,
      );
    await tx.flow.update({
      where: { id: flowId, tenantId },
      data: archived
        ? { status: "ARCHIVED", archivedAt: new Date() }
        : { status: "ACTIVE", archivedAt: null },
    });
    await recordAudit(tx, tenantId, actor, {
      action: archived ? "flow.archive" : "flow.restore",
      targetType: "flow",
      targetId: flowId,
    });
    return tx.flow.findFirstOrThrow({ where: { id: flowId, tenantId }, select: summary });
  });
}

/**
 * Saves the draft only if the caller edited the revision that is stored now. Otherwise a CONFLICT that
 * carries the newer draft, so the editor can show both instead of losing someone's work.
 */
export async function saveDraft(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: { flowId: string; revision: number; document: unknown },
) {
  // The draft's test cases change only through the test-case procedures: a save keeps the stored ones.
  const { tests: _sent, ...edited } = readDocument(input.document);
  const now = new Date();
  const { count, document } = await db.$transaction(async (tx) => {
    await tx.$queryRaw`select id from "Flow" where id = ${input.flowId}::uuid and "tenantId" = ${tenantId}::uuid for update`;
    const stored = await tx.flow.findFirst({
      where: { id: input.flowId, tenantId },
      select: { draft: true },
    });
    const tests = (stored?.draft as { tests?: unknown } | null)?.tests;
    const document = readDocument(tests === undefined ? edited : { ...edited, tests });
    const { count } = await tx.flow.updateMany({
      where: { id: input.flowId, tenantId, draftRevision: input.revision, status: "ACTIVE" },
      data: {
        draft: toJson(document),
        draftRevision: { increment: 1 },
        draftUpdatedAt: now,
        draftUpdatedById: actor.userId,
      },
    });
    return { count, document };
  });
  if (!count) {
    const current = await findFlow(db, tenantId, input.flowId);
    if (current.status === "ARCHIVED")
      throw apiError("PRECONDITION_FAILED", "This flow is archived; restore it before editing.");
    throw apiError(
      "CONFLICT",
      `The draft was saved by someone else (revision ${current.draftRevision}, you edited ${input.revision}); review their changes before saving again.`,
      {
        conflict: {
          revision: current.draftRevision,
          document: readDocument(current.draft),
          updatedAt: current.draftUpdatedAt,
          updatedById: current.draftUpdatedById,
        },
      },
    );
  }
  return {
    revision: input.revision + 1,
    updatedAt: now,
    problems: await problemsOf(db, tenantId, input.flowId, document),
  };
}
