import { agentViewSchema, type AgentView, type FlowNode } from "@ringflow/flow-schema";
import type { Db } from "@ringflow/db";

/** The blocks of a flow version of the workspace (as published: checked then), or none. */
export async function versionNodes(db: Db, tenantId: string, versionId: string | null): Promise<FlowNode[]> {
  if (!versionId) return [];
  const version = await db.flowVersion.findFirst({
    where: { id: versionId, tenantId },
    select: { document: true },
  });
  const nodes = (version?.document as { nodes?: unknown } | null)?.nodes;
  return Array.isArray(nodes) ? (nodes as FlowNode[]) : [];
}

/**
 * The agent view on the last block of `path` (an Enqueue or a Transfer) whose parameters describe one.
 * Null when there is none.
 */
export function agentViewOnPath(nodes: readonly FlowNode[], path: unknown): AgentView | null {
  if (!Array.isArray(path)) return null;
  for (const nodeId of [...(path as unknown[])].reverse()) {
    const view = (nodes.find((node) => node.id === nodeId)?.params as Record<string, unknown> | undefined)
      ?.agentView;
    if (view === undefined) continue;
    const parsed = agentViewSchema.safeParse(view);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/** What the call log says of a call so far: the blocks entered, in order, and the variables as last set. */
export function pathAndVariablesOfLog(
  events: readonly { type: string; nodeId: string | null; data: unknown }[],
): { path: string[]; variables: Record<string, unknown> } {
  const path: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const event of events) {
    if (event.type === "enter" && event.nodeId) path.push(event.nodeId);
    const set = (event.data as { variables?: unknown } | null)?.variables;
    if (set && typeof set === "object" && !Array.isArray(set)) Object.assign(variables, set);
  }
  return { path, variables };
}

/**
 * A call's path: the Call row's once the call has ended (written with its summary), else the log's so far,
 * since the agent sees and finishes up a call that is still going on (after a transfer, say).
 */
export async function pathOfCall(
  db: Db,
  tenantId: string,
  call: { id: string; path: unknown },
): Promise<unknown[]> {
  if (Array.isArray(call.path)) return call.path as unknown[];
  const events = await db.callEvent.findMany({
    where: { tenantId, callId: call.id, type: "enter" },
    orderBy: { seq: "asc" },
    select: { type: true, nodeId: true, data: true },
  });
  return pathAndVariablesOfLog(events.map((e) => ({ ...e, data: null }))).path;
}

/** The agent view the call reached its agent with, in the flow version the call ran. Null when there is none. */
export async function agentViewOfCall(
  db: Db,
  tenantId: string,
  call: { id: string; flowVersionId: string | null; path: unknown },
): Promise<AgentView | null> {
  if (!call.flowVersionId) return null;
  const [nodes, path] = await Promise.all([
    versionNodes(db, tenantId, call.flowVersionId),
    pathOfCall(db, tenantId, call),
  ]);
  return agentViewOnPath(nodes, path);
}
