import type { Db } from "@ringflow/db";
import type { Json } from "../engine/state.ts";
import type { CallMeta } from "./call-record.ts";
import { FlowNotFoundError, type FlowResolver, type PinnedFlow } from "./resolve-flow.ts";

/** How long to wait for the API to store the provider's id of a call it just placed. */
const OUTBOUND_ROW_WAIT_MS = 3000;

/**
 * The Call row the API created for an outbound call. The API may store the provider's call id only once
 * the provider's REST call returns, which can be after the provider's first report of that call: wait a
 * little for it.
 */
export async function outboundCallRow(
  deps: { db: Db },
  tenantId: string,
  provider: CallMeta["provider"],
  providerCallId: string,
) {
  // A wait is measured on the monotonic clock: a step of the wall clock must not cut it short.
  const until = performance.now() + OUTBOUND_ROW_WAIT_MS;
  for (;;) {
    const row = await deps.db.call.findFirst({ where: { tenantId, provider, providerCallId } });
    if (row || performance.now() >= until) return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type CallRow = NonNullable<Awaited<ReturnType<typeof outboundCallRow>>>;

/** What an outbound call runs, from its row: the version the API pinned and the variables it was given. */
export async function outboundStart(
  flows: FlowResolver,
  row: CallRow,
): Promise<{ pinned: PinnedFlow; variables?: Record<string, Json> }> {
  if (!row.flowId || !row.flowVersionId) throw new FlowNotFoundError(`outbound call ${row.id} has no flow`);
  const pinned = await flows.pin(row.tenantId, row.flowId, row.flowVersionId);
  const variables =
    row.variables && typeof row.variables === "object" && !Array.isArray(row.variables)
      ? (row.variables as Record<string, Json>)
      : undefined;
  return { pinned, ...(variables ? { variables } : {}) };
}

/** The meta of an outbound call from its row (the row exists: the API made it). */
export function outboundMeta(
  row: CallRow,
  pinned: PinnedFlow,
): Pick<
  CallMeta,
  | "callId"
  | "phoneNumberId"
  | "flowId"
  | "flowVersionId"
  | "subflowVersionIds"
  | "direction"
  | "from"
  | "to"
  | "existingRow"
> {
  return {
    callId: row.id,
    phoneNumberId: row.phoneNumberId,
    flowId: pinned.flowId,
    flowVersionId: pinned.flowVersionId,
    subflowVersionIds: pinned.subflowVersionIds,
    direction: "OUTBOUND",
    from: row.fromNumber,
    to: row.toNumber,
    existingRow: true,
  };
}
