import { randomUUID } from "node:crypto";
import type { Db } from "@ringflow/db";
import type { Clock } from "../../calls/clock.ts";
import type { CallMeta } from "../../calls/call-record.ts";
import { FlowNotFoundError, type FlowResolver, type PinnedFlow } from "../../calls/resolve-flow.ts";
import type { Json } from "../../engine/state.ts";
import type { VoiceParams } from "./params.ts";
import type { TwilioAccount } from "./signature.ts";

export interface StartingPoint {
  pinned: PinnedFlow;
  meta: CallMeta;
  variables?: Record<string, Json>;
}

/** How long to wait for the API to store the CallSid of a call it just placed (it learns it from Twilio's answer). */
const OUTBOUND_ROW_WAIT_MS = 3000;

/** Inbound: the number's binding. Outbound: the Call row the API created when it placed the call. */
export async function startingPoint(
  deps: { db: Db; flows: FlowResolver; clock: Clock },
  account: TwilioAccount,
  params: VoiceParams,
): Promise<StartingPoint> {
  const base = {
    provider: "TWILIO" as const,
    providerCallId: params.CallSid,
    providerAccountId: account.id,
    tenantId: account.tenantId,
    from: params.From,
    to: params.To,
    test: false,
  };
  if (params.Direction.startsWith("outbound")) {
    const row = await outboundCallRow(deps, account.tenantId, params.CallSid);
    if (row) {
      if (!row.flowId || !row.flowVersionId)
        throw new FlowNotFoundError(`outbound call ${row.id} has no flow`);
      const pinned = await deps.flows.pin(account.tenantId, row.flowId, row.flowVersionId);
      const variables =
        row.variables && typeof row.variables === "object" && !Array.isArray(row.variables)
          ? (row.variables as Record<string, Json>)
          : undefined;
      return {
        pinned,
        meta: {
          ...base,
          callId: row.id,
          phoneNumberId: row.phoneNumberId,
          flowId: pinned.flowId,
          flowVersionId: pinned.flowVersionId,
          subflowVersionIds: pinned.subflowVersionIds,
          direction: "OUTBOUND",
          from: row.fromNumber,
          to: row.toNumber,
          existingRow: true,
        },
        ...(variables ? { variables } : {}),
      };
    }
  }
  const target = await deps.flows.forNumber(account.tenantId, account.id, params.To);
  return {
    pinned: target.flow,
    meta: {
      ...base,
      callId: randomUUID(),
      phoneNumberId: target.phoneNumberId,
      flowId: target.flow.flowId,
      flowVersionId: target.flow.flowVersionId,
      subflowVersionIds: target.flow.subflowVersionIds,
      direction: "INBOUND",
      existingRow: false,
    },
  };
}

/**
 * The Call row the API created for an outbound call. The API stores the CallSid once Twilio's REST call
 * returns, which can be after Twilio's first webhook for that call: wait a little for it.
 */
export async function outboundCallRow(deps: { db: Db; clock: Clock }, tenantId: string, callSid: string) {
  const until = deps.clock() + OUTBOUND_ROW_WAIT_MS;
  for (;;) {
    const row = await deps.db.call.findFirst({
      where: { tenantId, provider: "TWILIO", providerCallId: callSid },
    });
    if (row || deps.clock() >= until) return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Consent is about the person the flow talks to: the caller inbound, the called party outbound. */
export function partyState(params: VoiceParams, direction: CallMeta["direction"]): string | undefined {
  return (direction === "OUTBOUND" ? params.ToState : params.FromState) || undefined;
}
