import type { Db } from "@ringflow/db";
import {
  parseTemplate,
  renderTemplate,
  type FlowNode,
  type PathEvent,
  type TemplateContext,
} from "@ringflow/flow-schema";
import { browserIdentity } from "../queues/agents.ts";

/** The engine's own entries in the log: the last one says where the call is now. */
const TRACE_TYPES = new Set(["enter", "resume", "wait", "ignored", "error", "end"]);
/** The Transfer block's targets that ring an agent's browser or SIP phone (a number rings no desktop). */
const PHONE_TARGETS = new Set(["agent", "client", "sip"]);

const bare = (address: string) =>
  address
    .trim()
    .replace(/^sips?:/i, "")
    .toLowerCase();

/**
 * The call waits now on a Transfer block ringing this agent: its extension, browser identity or one of its SIP
 * or client endpoints, as the block's target renders for this call. Such a call reaches the agent without a
 * queue, so no offer names them: this is what lets them see its screen pop while it rings and after.
 */
export async function transferRingsAgent(
  db: Db,
  tenantId: string,
  agentId: string,
  now: { ended: boolean; events: readonly PathEvent[]; nodes: readonly FlowNode[]; context: TemplateContext },
): Promise<boolean> {
  if (now.ended) return false;
  const last = [...now.events].reverse().find((event) => TRACE_TYPES.has(event.type));
  if (last?.type !== "wait" || !last.nodeId) return false;
  const node = now.nodes.find((n) => n.id === last.nodeId);
  const target = (node?.params as { target?: { type?: unknown; value?: unknown } } | undefined)?.target;
  if (
    node?.kind !== "transfer" ||
    typeof target?.value !== "string" ||
    !PHONE_TARGETS.has(String(target.type))
  )
    return false;
  let dialled: string;
  try {
    dialled = bare(renderTemplate(parseTemplate(target.value), now.context));
  } catch {
    return false;
  }
  const agent = await db.agent.findFirst({
    where: { id: agentId, tenantId },
    select: { extension: true, endpoints: { select: { kind: true, address: true } } },
  });
  if (!agent || !dialled) return false;
  const addresses = [
    agent.extension,
    browserIdentity(agentId),
    ...agent.endpoints.filter((e) => e.kind !== "PHONE").map((e) => e.address),
  ];
  return addresses.some((address) => bare(address) === dialled);
}
