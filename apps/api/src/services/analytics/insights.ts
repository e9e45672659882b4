import { blockName, dropOffs, promptSeconds, type BlockCounts } from "@ringflow/analytics";
import type { Db } from "@ringflow/db";
import { flowDocumentSchema } from "@ringflow/flow-schema";
import { notFound } from "../../errors.ts";
import { dayRange } from "./range.ts";

const versionSelect = { id: true, number: true, document: true, createdAt: true } as const;

/** A version of a tenant's flow by number; without one, the live version, else the latest. */
async function versionOf(db: Db, tenantId: string, flowId: string, number?: number) {
  const flow = await db.flow.findFirst({ where: { id: flowId, tenantId }, select: { liveVersionId: true } });
  if (!flow) throw notFound("Flow");
  const version =
    number !== undefined
      ? await db.flowVersion.findFirst({ where: { tenantId, flowId, number }, select: versionSelect })
      : flow.liveVersionId
        ? await db.flowVersion.findFirst({
            where: { tenantId, id: flow.liveVersionId },
            select: versionSelect,
          })
        : await db.flowVersion.findFirst({
            where: { tenantId, flowId },
            orderBy: { number: "desc" },
            select: versionSelect,
          });
  if (!version) throw notFound("Flow version");
  return version;
}

/**
 * How callers went through one version of a flow over local days: per block who entered, left by each exit,
 * hung up there or hit an error, and the blocks where at least 10% of those who entered hung up, in words.
 */
export async function flowInsights(
  db: Db,
  tenantId: string,
  input: { flowId: string; version?: number; from: string; to: string },
) {
  const version = await versionOf(db, tenantId, input.flowId, input.version);
  const range = await dayRange(db, tenantId, input);
  const rows = await db.analyticsBlockHour.groupBy({
    by: ["nodeId", "exit"],
    where: { tenantId, flowVersionId: version.id, hour: range.hour },
    _sum: { entered: true, left: true, hungUp: true, errors: true },
  });
  const document = flowDocumentSchema.safeParse(version.document);
  const nodes = document.success ? document.data.nodes : [];
  const counts = new Map<string, BlockCounts>();
  const block = (nodeId: string) => {
    let c = counts.get(nodeId);
    if (!c) counts.set(nodeId, (c = { nodeId, entered: 0, hungUp: 0, errors: 0, exits: {} }));
    return c;
  };
  for (const n of nodes) block(n.id);
  for (const r of rows) {
    const c = block(r.nodeId);
    if (r.exit) c.exits[r.exit] = (c.exits[r.exit] ?? 0) + (r._sum.left ?? 0);
    else {
      c.entered += r._sum.entered ?? 0;
      c.hungUp += r._sum.hungUp ?? 0;
      c.errors += r._sum.errors ?? 0;
    }
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const blocks = [...counts.values()].map((c) => {
    const node = byId.get(c.nodeId);
    return {
      ...c,
      name: blockName(node, c.nodeId),
      kind: node?.kind ?? null,
      promptSeconds: node && document.success ? promptSeconds(node, document.data.languages.default) : null,
    };
  });
  const startId = nodes[0]?.id;
  return {
    flowId: input.flowId,
    version: { id: version.id, number: version.number, publishedAt: version.createdAt },
    from: input.from,
    to: input.to,
    timeZone: range.timeZone,
    /** Callers who entered the flow's first block. */
    callers: startId ? (counts.get(startId)?.entered ?? 0) : 0,
    blocks,
    dropOffs: document.success ? dropOffs([...counts.values()], document.data) : [],
  };
}
export type FlowInsights = Awaited<ReturnType<typeof flowInsights>>;

/**
 * Two versions side by side (before and after a change): each block's share of callers hanging up in
 * either, and the change, over the same days.
 */
export async function compareVersions(
  db: Db,
  tenantId: string,
  input: { flowId: string; before: number; after: number; from: string; to: string },
) {
  const [before, after] = await Promise.all([
    flowInsights(db, tenantId, { ...input, version: input.before }),
    flowInsights(db, tenantId, { ...input, version: input.after }),
  ]);
  const share = (b: FlowInsights["blocks"][number] | undefined) =>
    b && b.entered > 0 ? b.hungUp / b.entered : null;
  const ids = [...new Set([...before.blocks, ...after.blocks].map((b) => b.nodeId))];
  const blocks = ids.map((nodeId) => {
    const b = before.blocks.find((x) => x.nodeId === nodeId);
    const a = after.blocks.find((x) => x.nodeId === nodeId);
    const sb = share(b);
    const sa = share(a);
    const name = a?.name ?? b?.name ?? nodeId;
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    const sentence =
      sb === null && sa !== null
        ? `${name} is new in version ${after.version.number}: ${pct(sa)} hang up there`
        : sa === null && sb !== null
          ? `${name} is gone in version ${after.version.number}`
          : sb !== null && sa !== null && Math.round(sb * 100) !== Math.round(sa * 100)
            ? `${pct(sb)} → ${pct(sa)} of callers hang up in ${name}`
            : null;
    return {
      nodeId,
      name,
      before: b ?? null,
      after: a ?? null,
      hangUpShareBefore: sb,
      hangUpShareAfter: sa,
      sentence,
    };
  });
  return { before, after, blocks };
}
