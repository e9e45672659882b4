import { randomUUID } from "node:crypto";
import type { Db } from "@ringflow/db";
import type { AgentState, CallControlCommand } from "@ringflow/flow-schema";
import type { Redis } from "@ringflow/platform";
import { apiError, notFound } from "../../errors.ts";
import { checkDestination } from "../outbound/destinations.ts";
import { queueEngine } from "../queues/engine.ts";
import { addCallControlJob } from "./call-control-queue.ts";
import { ownAgentId, supervises, type DeskActor } from "./desk-actor.ts";

const MONITOR = new Set(["monitor", "monitor.stop"]);
const RECORDING_ON = new Set(["recording.start", "recording.resume"]);

/** A call of the workspace the person may act on: their own unless they supervise. */
export async function callFor(db: Db, actor: DeskActor, callId: string) {
  const call = await db.call.findFirst({
    where: { id: callId, tenantId: actor.tenantId },
    select: { id: true, status: true, endedAt: true, agentId: true, placedByUserId: true },
  });
  if (!call) throw notFound("Call");
  const agentId = await ownAgentId(db, actor);
  const own = (agentId !== null && call.agentId === agentId) || call.placedByUserId === actor.userId;
  if (!supervises(actor) && !own) throw apiError("FORBIDDEN", "You can act only on your own calls.");
  return { call, agentId };
}

/** As `callFor`, for a call still going on. */
export async function liveCallFor(db: Db, actor: DeskActor, callId: string) {
  const found = await callFor(db, actor, callId);
  if (found.call.endedAt || !["IN_PROGRESS", "RINGING", "QUEUED"].includes(found.call.status))
    throw apiError("PRECONDITION_FAILED", "This call has ended.");
  return found;
}

/** Why an agent cannot take a transfer now, in words. */
const BUSY_WORDS: Record<Exclude<AgentState, "available">, string> = {
  ringing: "being rung for another call",
  "on-call": "on another call",
  "wrap-up": "finishing another call",
  away: "away",
  offline: "signed out",
};

/**
 * Whom a transfer, consultation or third party names must exist here; an agent must be available (the
 * runtime holds them atomically before ringing; this answers at once in words); a number must be one agents
 * may call.
 */
async function checkTarget(db: Db, redis: Redis, tenantId: string, command: CallControlCommand) {
  if (!("target" in command)) return;
  const target = command.target;
  if (target.kind === "agent") {
    const agent = await db.agent.findFirst({
      where: { id: target.agentId, tenantId },
      select: { id: true, displayName: true },
    });
    if (!agent) throw notFound("Agent");
    const status = await queueEngine(redis).agentStatus(tenantId, agent.id);
    const state = status.agentState ?? "offline";
    if (state !== "available")
      throw apiError(
        "PRECONDITION_FAILED",
        `${agent.displayName} is ${BUSY_WORDS[state]} and cannot take this call now. Choose an available agent.`,
      );
  } else if (target.kind === "queue") {
    const queue = await db.queue.findFirst({ where: { id: target.queueId, tenantId }, select: { id: true } });
    if (!queue) throw notFound("Queue");
  } else {
    await checkDestination(db, tenantId, target.number);
    if (target.callerId) {
      const own = await db.phoneNumber.findFirst({
        where: { tenantId, e164: target.callerId },
        select: { id: true },
      });
      if (!own) throw apiError("BAD_REQUEST", `${target.callerId} is not a number of this workspace.`);
    }
  }
}

/** The caller withdrew consent to recording (or never gave the one the flow required). */
async function checkRecordingConsent(db: Db, tenantId: string, callId: string) {
  const latest = await db.consentRecord.findFirst({
    where: { tenantId, callId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { granted: true },
  });
  if (latest && !latest.granted)
    throw apiError(
      "PRECONDITION_FAILED",
      "The caller asked not to be recorded (consent withdrawn), so this call cannot be recorded.",
    );
}

/**
 * Checks one action on a live call (who may, on which call, with what) and hands it to the runtime as a
 * call-control job; the runtime carries it out on the call's provider and reports the outcome.
 */
export async function requestCallControl(
  db: Db,
  redis: Redis,
  actor: DeskActor,
  callId: string,
  command: CallControlCommand,
) {
  if (MONITOR.has(command.action) && !supervises(actor))
    throw apiError("FORBIDDEN", "Only supervisors may listen to, whisper to or barge into calls.");
  const { call, agentId } = await liveCallFor(db, actor, callId);
  await checkTarget(db, redis, actor.tenantId, command);
  if (RECORDING_ON.has(command.action)) await checkRecordingConsent(db, actor.tenantId, call.id);
  const job = await addCallControlJob(redis, {
    requestId: randomUUID(),
    tenantId: actor.tenantId,
    callId: call.id,
    requestedBy: { userId: actor.userId, agentId, apiTokenId: null },
    requestedAt: Date.now(),
    command,
  });
  return { requestId: job.requestId, callId: call.id, action: job.command.action };
}
