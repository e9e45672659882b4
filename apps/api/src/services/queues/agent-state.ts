import type { AgentStatus, Db } from "@ringflow/db";
import { CONNECTION_LOST } from "@ringflow/flow-schema";
import type { AgentChoice, QueueEngine } from "@ringflow/queues";
import { apiError } from "../../errors.ts";
import { syncAgent } from "@ringflow/queues";

/** The reasons a workspace offers for being away until its admin sets its own. */
export const DEFAULT_AWAY_REASONS = ["Break", "Lunch", "Training", "Meeting"] as const;

export async function awayReasons(db: Db, tenantId: string): Promise<string[]> {
  const own = await db.agentAwayReason.findMany({
    where: { tenantId },
    orderBy: [{ position: "asc" }, { label: "asc" }],
    select: { label: true },
  });
  return own.length ? own.map((r) => r.label) : [...DEFAULT_AWAY_REASONS];
}

/** Replaces the workspace's reasons for being away, in the order given. */
export async function setAwayReasons(db: Db, tenantId: string, labels: readonly string[]) {
  await db.$transaction([
    db.agentAwayReason.deleteMany({ where: { tenantId } }),
    db.agentAwayReason.createMany({ data: labels.map((label, position) => ({ tenantId, label, position })) }),
  ]);
  return awayReasons(db, tenantId);
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
  const reasons = choice.state === "away" ? await awayReasons(db, tenantId) : [];
  if (choice.state === "away" && !reasons.includes(choice.reason))
    throw apiError(
      "BAD_REQUEST",
      `"${choice.reason}" is not one of this workspace's reasons for being away: ${reasons.join(", ")}.`,
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

/**
 * Takes offline an agent whose desktop's connection was lost and did not come back: "busy" while they are rung
 * or on a call (the caller keeps the agent; the desktop's keeper asks again until the call has ended).
 */
export async function signOutLostAgent(
  db: Db,
  engine: QueueEngine,
  tenantId: string,
  agentId: string,
): Promise<"done" | "busy"> {
  const result = await engine.signOut(tenantId, agentId, CONNECTION_LOST);
  if (result.status === "busy") return "busy";
  if (result.status === "ok")
    await db.agent.updateMany({
      where: { id: agentId, tenantId, status: { not: "OFFLINE" } },
      data: { status: "OFFLINE", statusChangedAt: new Date() },
    });
  return "done";
}
