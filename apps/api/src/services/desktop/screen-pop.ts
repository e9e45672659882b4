import type { Db } from "@ringflow/db";
import {
  defaultAgentView,
  renderScreenPop,
  type FlowNode,
  type PathEvent,
  type PathFlows,
  type TemplateContext,
} from "@ringflow/flow-schema";
import type { QueueEngine } from "@ringflow/queues";
import { apiError, notFound } from "../../errors.ts";
import { agentViewOnPath, pathAndVariablesOfLog, versionNodes } from "./agent-view-of-call.ts";
import { ownAgentId, supervises, type DeskActor } from "./desk-actor.ts";
import { transferRingsAgent } from "./transfer-ringing.ts";

/** Queue events are stamped by Redis; a little slack before the call queued covers clocks apart. */
const QUEUED_SLACK_MS = 60_000;

/** The call rang for the agent: an offer of it named them since it queued. */
async function offeredTo(
  engine: QueueEngine,
  tenantId: string,
  callId: string,
  agentId: string,
  since: Date,
) {
  const events = await engine.events(tenantId, `${Math.max(0, since.getTime() - QUEUED_SLACK_MS)}-0`);
  return events.some(
    ({ event }) =>
      event.type === "queue.offered" && event.callId === callId && event.agentIds.includes(agentId),
  );
}

/** The blocks of the subflows the log names, as the runtime runs them (each flow's live version). */
async function subflowsOf(
  db: Db,
  tenantId: string,
  events: readonly PathEvent[],
): Promise<PathFlows["subflows"]> {
  const ids = [
    ...new Set(
      events.flatMap((e) => (typeof e.data.flowId === "string" && e.data.flowId ? [e.data.flowId] : [])),
    ),
  ];
  if (ids.length === 0) return {};
  const flows = await db.flow.findMany({
    where: { tenantId, id: { in: ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id)) } },
    select: { id: true, liveVersion: { select: { document: true } } },
  });
  return Object.fromEntries(
    flows.map((f) => {
      const nodes = (f.liveVersion?.document as { nodes?: unknown } | null)?.nodes;
      return [f.id, { nodes: Array.isArray(nodes) ? (nodes as FlowNode[]) : [] }];
    }),
  );
}

/**
 * The screen pop of a call for the person at the desktop: the agent view the call reached its agent with,
 * filled in from the call's data, with the caller's path in words from its execution log. An agent sees it
 * for calls offered to or taken by them, a supervisor for every call of the workspace.
 */
export async function screenPopOfCall(db: Db, engine: QueueEngine, actor: DeskActor, callId: string) {
  const call = await db.call.findFirst({
    where: { id: callId, tenantId: actor.tenantId },
    select: {
      id: true,
      fromNumber: true,
      toNumber: true,
      direction: true,
      startedAt: true,
      flowId: true,
      flowVersionId: true,
      path: true,
      variables: true,
      agentId: true,
      placedByUserId: true,
      queuedAt: true,
      endedAt: true,
    },
  });
  if (!call) throw notFound("Call");
  const agentId = supervises(actor) ? null : await ownAgentId(db, actor);
  const seen =
    supervises(actor) ||
    (agentId !== null && call.agentId === agentId) ||
    call.placedByUserId === actor.userId ||
    (agentId !== null &&
      call.queuedAt !== null &&
      (await offeredTo(engine, actor.tenantId, call.id, agentId, call.queuedAt)));
  const [nodes, events] = await Promise.all([
    versionNodes(db, actor.tenantId, call.flowVersionId),
    db.callEvent.findMany({
      where: { tenantId: actor.tenantId, callId: call.id },
      orderBy: { seq: "asc" },
      select: { type: true, nodeId: true, port: true, data: true },
    }),
  ]);
  const pathEvents = events.map((e) => ({
    ...e,
    data: (e.data ?? {}) as Record<string, unknown>,
  })) as PathEvent[];
  // A live call's row has no path or variables yet (its summary writes them at the end): the log has them.
  const sofar = pathAndVariablesOfLog(pathEvents);
  const vars = (call.variables ?? sofar.variables) as Record<string, unknown>;
  const context = {
    vars,
    call: {
      from: call.fromNumber,
      to: call.toNumber,
      callId: call.id,
      direction: call.direction.toLowerCase(),
      startedAt: call.startedAt.getTime(),
    },
    flow: { flowId: call.flowId },
  };
  const putThrough =
    !seen &&
    agentId !== null &&
    (await transferRingsAgent(db, actor.tenantId, agentId, {
      ended: call.endedAt !== null,
      events: pathEvents,
      nodes,
      context: { ...context, nodes: {}, error: null } as TemplateContext,
    }));
  if (!seen && !putThrough)
    throw apiError("FORBIDDEN", "You can see only calls that rang for you or that you took.");
  const pop = renderScreenPop({
    view: agentViewOnPath(nodes, Array.isArray(call.path) ? call.path : sofar.path) ?? defaultAgentView(vars),
    context,
    path: {
      events: pathEvents,
      flows: { nodes, subflows: await subflowsOf(db, actor.tenantId, pathEvents) },
    },
  });
  // The desktop shows a call a Transfer block put through from this alone (no live call of the feed).
  return { ...pop, caller: call.fromNumber };
}
