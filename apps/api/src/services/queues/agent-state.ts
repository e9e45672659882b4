import type { AgentStatus, Db } from "@ringflow/db";
import type { AgentChoice, QueueEngine } from "@ringflow/queues";
import { apiError } from "../../errors.ts";
import { syncAgent } from "./engine.ts";

/** The reasons every workspace offers for being away; a tenant's own come on top. */
export const DEFAULT_AWAY_REASONS = ["Break", "Lunch", "Training", "Meeting"] as const;

/** TODO(queues): the tenant's own reasons once the queue/agent configuration models hold them. */
export async function awayReasons(_db: Db, _tenantId: string): Promise<string[]> {
  return [...DEFAULT_AWAY_REASONS];
}

const STORED: Record<AgentChoice["state"], AgentStatus> = {
  available: "AVAILABLE",
  away: "AWAY",
  offline: "OFFLINE",
};

/**
 * Sets an agent available, away for one of the workspace's reasons, or offline, in the engine (which
 * refuses while the agent is being rung or on a call) and then in Postgres for lists and history.
 */
export async function setAgentState(
  db: Db,
  engine: QueueEngine,
  tenantId: string,
  agentId: string,
  choice: AgentChoice,
) {
  if (choice.state === "away" && !(await awayReasons(db, tenantId)).includes(choice.reason))
    throw apiError(
      "BAD_REQUEST",
      `"${choice.reason}" is not one of this workspace's reasons for being away: ${(await awayReasons(db, tenantId)).join(", ")}.`,
    );
  let result = await engine.setAgentState(tenantId, agentId, choice);
  if (result.status === "unknown-agent") {
    // The engine's Redis lost it (a flush, a new deployment): hand it the configuration again.
    await syncAgent(db, engine, tenantId, agentId);
    result = await engine.setAgentState(tenantId, agentId, choice);
  }
  if (result.status === "busy")
    throw apiError(
      "PRECONDITION_FAILED",
      "The agent is being rung or is on a call; the state can change once the call ends.",
    );
  if (result.status !== "ok")
    throw apiError("PRECONDITION_FAILED", `The queue engine answered "${result.status}".`);
  await db.agent.update({
    where: { id: agentId, tenantId },
    data: { status: STORED[choice.state], statusChangedAt: new Date() },
  });
  return { agentId, state: result.agentState ?? choice.state, offers: result.offers.length };
}
