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

/** The agent view the call reached its agent with, in the flow version the call ran. Null when there is none. */
export async function agentViewOfCall(
  db: Db,
  tenantId: string,
  call: { flowVersionId: string | null; path: unknown },
): Promise<AgentView | null> {
  if (!call.flowVersionId || !Array.isArray(call.path)) return null;
  return agentViewOnPath(await versionNodes(db, tenantId, call.flowVersionId), call.path);
}
