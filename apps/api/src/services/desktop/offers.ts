import type { Db } from "@ringflow/db";
import type { QueueEngine } from "@ringflow/queues";
import { apiError } from "../../errors.ts";
import { agentOfMembership } from "../queues/agents.ts";
import type { DeskActor } from "./desk-actor.ts";

const OFFER_REFUSALS: Record<
  string,
  [code: "NOT_FOUND" | "FORBIDDEN" | "PRECONDITION_FAILED", words: string]
> = {
  gone: ["NOT_FOUND", "This call is not ringing any more: another agent took it, or the caller left."],
  expired: ["PRECONDITION_FAILED", "This call stopped ringing for you; it went to the next agent."],
  "not-offered": ["FORBIDDEN", "This call is not ringing for you."],
};

/**
 * An agent answers (or declines) a call ringing for them from the desktop, e.g. one rung on their phone.
 * The engine decides: the first to accept is connected, the runtime bridges the caller on `connected`.
 */
export async function replyToOffer(
  db: Db,
  engine: QueueEngine,
  actor: DeskActor,
  input: { offerId: string; accept: boolean },
) {
  const agent = await agentOfMembership(db, actor.tenantId, actor.membershipId);
  const result = input.accept
    ? await engine.accept(actor.tenantId, input.offerId, agent.id)
    : await engine.decline(actor.tenantId, input.offerId, agent.id);
  const done = input.accept ? result.status === "connected" : result.status === "ok";
  if (!done) {
    const [code, words] = OFFER_REFUSALS[result.status] ?? [
      "PRECONDITION_FAILED",
      `The call could not be ${input.accept ? "answered" : "declined"}.`,
    ];
    throw apiError(code, words);
  }
  return { status: result.status, callId: result.callId ?? null, queueId: result.queueId ?? null };
}
