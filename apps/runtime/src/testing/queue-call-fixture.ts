import { randomUUID } from "node:crypto";
import type { Db } from "@ringflow/db";
import { syncTenant, type EndpointKind } from "@ringflow/queues";
import type { queueWiring } from "../acd/queue-wiring.ts";
import { logCall } from "../calls/call-log.ts";
import type { CallProviderName } from "../calls/call-record.ts";
import type { CallControlJob } from "../jobs/call-control.job.ts";
import { runCallControlJob } from "../jobs/call-control.worker.ts";

export interface ConnectedCallInput {
  tenantId: string;
  queueId: string;
  agentId: string;
  provider: Exclude<CallProviderName, "SIMULATOR">;
  providerCallId: string;
  providerAccountId: string;
  /** The number or extension the caller dialled. */
  to: string;
  turn: number;
  reaches: EndpointKind[];
  agentLeg: string;
  /** The carrier's own account id of its webhooks (Telnyx's REST paths name it). */
  carrierAccountSid?: string;
  /** What else the provider's conversation needs on the queued call (Twilio's conference). */
  extra?: { conferenceId?: string };
}

/**
 * A caller who waited in a queue and is now talking to an agent, as the call-control jobs find one: the Call
 * row, the queue engine's answered offer and the queued call's record, set up directly (the tests of each
 * provider's wait loop cover how a call gets there).
 */
export async function connectedQueueCall(
  db: Db,
  wiring: ReturnType<typeof queueWiring>,
  input: ConnectedCallInput,
): Promise<{ callId: string }> {
  const { tenantId } = input;
  const from = "+14155550142";
  const call = await db.call.create({
    data: {
      tenantId,
      provider: input.provider,
      providerCallId: input.providerCallId,
      providerAccountId: input.providerAccountId,
      direction: "INBOUND",
      fromNumber: from,
      toNumber: input.to,
    },
  });
  await syncTenant(db, wiring.engine, tenantId);
  await wiring.engine.setAgentState(tenantId, input.agentId, { state: "available" });
  const meta = {
    callId: call.id,
    tenantId,
    provider: input.provider,
    providerCallId: input.providerCallId,
    providerAccountId: input.providerAccountId,
    phoneNumberId: null,
    flowId: null,
    flowVersionId: null,
    direction: "INBOUND" as const,
    from,
    to: input.to,
    existingRow: false,
    test: false,
  };
  await wiring.calls.enter({
    tenantId,
    callId: call.id,
    turn: input.turn,
    account: input.providerAccountId,
    provider: input.provider,
    providerCallId: input.providerCallId,
    providerAccountId: input.providerAccountId,
    carrierAccountSid: input.carrierAccountSid ?? null,
    from,
    to: input.to,
    queueId: input.queueId,
    language: "en-US",
    holdMusicUrl: null,
    announcePosition: false,
    announceWaitTime: false,
    announceEverySeconds: 60,
    offerCallback: false,
    enteredAt: Date.now(),
    test: false,
    logCall: logCall({ ended: true, meta, startedAt: Date.now() } as never),
  });
  const offered = await wiring.engine.enqueue(tenantId, {
    queueId: input.queueId,
    callId: call.id,
    reaches: input.reaches,
  });
  await wiring.engine.accept(tenantId, offered.offers[0]!.offerId, input.agentId);
  await wiring.calls.update(tenantId, call.id, {
    agentId: input.agentId,
    agentLeg: input.agentLeg,
    ...input.extra,
    outcome: "answered",
  });
  await wiring.calls.advance(tenantId, call.id, "waiting", "connected");
  return { callId: call.id };
}

/**
 * The agent's desktop requests for their connected call, carried out as the call-control worker does it
 * (Twilio's REST API at `twilioApiBaseUrl`, a stand-in that records the requests).
 */
export function agentAsks(
  db: Db,
  wiring: ReturnType<typeof queueWiring>,
  twilioApiBaseUrl: string,
  who: { tenantId: string; callId: string; agentId: string },
) {
  const deps = {
    ...wiring,
    db,
    holdMusicUrl: "https://cdn.example/hold.mp3",
    twilioApiBaseUrl,
    clock: Date.now,
  };
  return (command: CallControlJob["command"]) =>
    runCallControlJob(deps, {
      requestId: randomUUID(),
      tenantId: who.tenantId,
      callId: who.callId,
      requestedBy: { userId: `u-${who.agentId}`, agentId: who.agentId },
      requestedAt: Date.now(),
      command,
    });
}
