import { randomUUID } from "node:crypto";
import type { Db } from "@ringflow/db";
import type { Clock } from "../../calls/clock.ts";
import type { CallMeta } from "../../calls/call-record.ts";
import { outboundCallRow, outboundMeta, outboundStart } from "../../calls/outbound-call.ts";
import type { FlowResolver, PinnedFlow } from "../../calls/resolve-flow.ts";
import type { Json } from "../../engine/state.ts";
import type { VoiceParams } from "./params.ts";
import type { CarrierAccount } from "./carrier.ts";

export interface StartingPoint {
  pinned: PinnedFlow;
  meta: CallMeta;
  variables?: Record<string, Json>;
  /** Outbound: the accounts the API asked to place the call (failover), for the call's log. */
  placementAttempts?: Json;
}

/** Inbound: the number's binding. Outbound: the Call row the API created when it placed the call. */
export async function startingPoint(
  deps: { db: Db; flows: FlowResolver; clock: Clock },
  account: CarrierAccount,
  params: VoiceParams,
): Promise<StartingPoint> {
  const base = {
    provider: account.provider,
    providerCallId: params.CallSid,
    providerAccountId: account.id,
    tenantId: account.tenantId,
    from: params.From,
    to: params.To,
    test: false,
  };
  if (params.Direction.startsWith("outbound")) {
    const row = await outboundCallRow(deps, account.tenantId, account.provider, params.CallSid);
    if (row) {
      const { pinned, variables } = await outboundStart(deps.flows, row);
      return {
        pinned,
        meta: { ...base, ...outboundMeta(row, pinned) },
        ...(variables ? { variables } : {}),
        ...(row.placementAttempts ? { placementAttempts: row.placementAttempts as Json } : {}),
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

/** Consent is about the person the flow talks to: the caller inbound, the called party outbound. */
export function partyState(params: VoiceParams, direction: CallMeta["direction"]): string | undefined {
  return (direction === "OUTBOUND" ? params.ToState : params.FromState) || undefined;
}
