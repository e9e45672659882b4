import { agentViewSchema, type AgentView } from "@ringflow/flow-schema";
import type { Db } from "@ringflow/db";

/**
 * The agent view the call reached its agent with: the last block on the call's path (an Enqueue or a
 * Transfer) whose parameters describe one, in the flow version the call ran. Null when there is none.
 */
export async function agentViewOfCall(
  db: Db,
  tenantId: string,
  call: { flowVersionId: string | null; path: unknown },
): Promise<AgentView | null> {
  if (!call.flowVersionId || !Array.isArray(call.path)) return null;
  const version = await db.flowVersion.findFirst({
    where: { id: call.flowVersionId, tenantId },
    select: { document: true },
  });
  const nodes = (version?.document as { nodes?: { id: string; params?: Record<string, unknown> }[] } | null)
    ?.nodes;
  if (!nodes) return null;
  for (const nodeId of [...(call.path as unknown[])].reverse()) {
    const view = nodes.find((node) => node.id === nodeId)?.params?.agentView;
    if (view === undefined) continue;
    const parsed = agentViewSchema.safeParse(view);
    if (parsed.success) return parsed.data;
  }
  return null;
}
