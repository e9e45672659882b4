import { diffFlows, type FlowDocument } from "@ringflow/flow-schema";
import { toJson, type Db, type DbTx } from "@ringflow/db";
import { apiError, notFound } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import { documentChecksum } from "./checksum.ts";
import { runCases } from "../test-cases/run-cases.ts";
import { problemsOf, readDocument } from "./documents.ts";

const versionSummary = {
  id: true,
  number: true,
  changelog: true,
  checksum: true,
  createdAt: true,
  createdById: true,
  schemaVersion: true,
} as const;

/** Locks the flow row for the rest of the transaction, so publishes and rollbacks of one flow queue up. */
async function lockFlow(tx: DbTx, tenantId: string, flowId: string) {
  await tx.$queryRaw`select id from "Flow" where id = ${flowId}::uuid and "tenantId" = ${tenantId}::uuid for update`;
  const flow = await tx.flow.findFirst({
    where: { id: flowId, tenantId },
    include: { liveVersion: { select: { id: true, number: true, checksum: true } } },
  });
  if (!flow) throw notFound("Flow");
  return flow;
}

/**
 * The draft becomes the next immutable version and goes live, only if validation finds no error; the
 * errors come back node by node otherwise. `revision` guards against publishing a draft the caller has not seen.
 */
export async function publishFlow(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: {
    flowId: string;
    changelog: string;
    revision?: number | undefined;
    /** Publish although test cases fail (the admin saw the differences). */
    publishAnyway?: boolean | undefined;
  },
) {
  return db.$transaction(async (tx) => {
    const flow = await lockFlow(tx, tenantId, input.flowId);
    if (flow.status === "ARCHIVED")
      throw apiError("PRECONDITION_FAILED", "This flow is archived; restore it before publishing.");
    if (input.revision !== undefined && input.revision !== flow.draftRevision)
      throw apiError(
        "CONFLICT",
        `The draft changed since you opened it (revision ${flow.draftRevision}, you have ${input.revision}); reload it before publishing.`,
      );
    const document = readDocument(flow.draft);
    const problems = await problemsOf(tx, tenantId, flow.id, document);
    const errors = problems.filter((problem) => problem.severity === "error");
    if (errors.length)
      throw apiError(
        "PRECONDITION_FAILED",
        `The flow has ${errors.length} error(s) to fix before it can be published.`,
        { problems: errors },
      );
    // The cases run on the same call core as the test call; a broken one stops the publish unless overridden.
    const tests = await runCases(tx, tenantId, flow.id, document);
    const failing = tests.results.filter((result) => !result.pass);
    if (failing.length && !input.publishAnyway)
      throw apiError(
        "PRECONDITION_FAILED",
        `${tests.summary}: publishing would change what callers get. Fix the flow, or publish anyway.`,
        { testResults: failing },
      );
    const checksum = documentChecksum(document);
    if (flow.liveVersion?.checksum === checksum)
      throw apiError(
        "PRECONDITION_FAILED",
        `Nothing to publish: the draft is identical to the live version ${flow.liveVersion.number}.`,
      );
    const last = await tx.flowVersion.findFirst({
      where: { tenantId, flowId: flow.id },
      orderBy: { number: "desc" },
      select: { number: true },
    });
    const version = await tx.flowVersion.create({
      data: {
        tenantId,
        flowId: flow.id,
        number: (last?.number ?? 0) + 1,
        document: toJson(document),
        schemaVersion: document.schemaVersion,
        changelog: input.changelog,
        checksum,
        createdById: actor.userId,
      },
      select: versionSummary,
    });
    await tx.flow.update({ where: { id: flow.id, tenantId }, data: { liveVersionId: version.id } });
    await recordAudit(tx, tenantId, actor, {
      action: "flow.publish",
      targetType: "flow",
      targetId: flow.id,
      data: {
        version: version.number,
        changelog: input.changelog,
        previousLive: flow.liveVersion?.number ?? null,
        ...(failing.length ? { publishedWithFailingTests: failing.map((result) => result.name) } : {}),
      },
    });
    return {
      version,
      warnings: problems.filter((problem) => problem.severity === "warning"),
      tests: { summary: tests.summary, failing: failing.length, total: tests.results.length },
    };
  });
}

/** Makes an older (or newer) version live again in one step; the draft is left as it is. */
export async function rollbackFlow(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: { flowId: string; versionNumber: number },
) {
  return db.$transaction(async (tx) => {
    const flow = await lockFlow(tx, tenantId, input.flowId);
    const target = await tx.flowVersion.findFirst({
      where: { tenantId, flowId: flow.id, number: input.versionNumber },
      select: versionSummary,
    });
    if (!target) throw notFound(`Version ${input.versionNumber} of this flow`);
    if (flow.liveVersion?.id === target.id)
      throw apiError("PRECONDITION_FAILED", `Version ${target.number} is already live.`);
    await tx.flow.update({ where: { id: flow.id, tenantId }, data: { liveVersionId: target.id } });
    await recordAudit(tx, tenantId, actor, {
      action: "flow.rollback",
      targetType: "flow",
      targetId: flow.id,
      data: { from: flow.liveVersion?.number ?? null, to: target.number },
    });
    return { live: target };
  });
}

export async function listVersions(db: Db, tenantId: string, flowId: string) {
  const flow = await db.flow.findFirst({ where: { id: flowId, tenantId }, select: { liveVersionId: true } });
  if (!flow) throw notFound("Flow");
  const versions = await db.flowVersion.findMany({
    where: { tenantId, flowId },
    orderBy: { number: "desc" },
    select: versionSummary,
  });
  return versions.map((version) => ({ ...version, live: version.id === flow.liveVersionId }));
}

export type DocumentRef = "draft" | number;

/** The draft or a numbered version of a flow, at the current schema. */
export async function loadDocument(
  db: Db,
  tenantId: string,
  flowId: string,
  ref: DocumentRef,
): Promise<FlowDocument> {
  if (ref === "draft") {
    const flow = await db.flow.findFirst({ where: { id: flowId, tenantId }, select: { draft: true } });
    if (!flow) throw notFound("Flow");
    return readDocument(flow.draft);
  }
  const version = await db.flowVersion.findFirst({
    where: { tenantId, flowId, number: ref },
    select: { document: true },
  });
  if (!version) throw notFound(`Version ${ref} of this flow`);
  return readDocument(version.document);
}

export async function getVersion(db: Db, tenantId: string, flowId: string, number: number) {
  const version = await db.flowVersion.findFirst({
    where: { tenantId, flowId, number },
    select: { ...versionSummary, document: true },
  });
  if (!version) throw notFound(`Version ${number} of this flow`);
  return { ...version, document: readDocument(version.document) };
}

export async function diffDocuments(
  db: Db,
  tenantId: string,
  input: { flowId: string; from: DocumentRef; to: DocumentRef },
) {
  const [from, to] = await Promise.all([
    loadDocument(db, tenantId, input.flowId, input.from),
    loadDocument(db, tenantId, input.flowId, input.to),
  ]);
  return diffFlows(from, to);
}
