import { can } from "../../trpc.ts";
import { recordAuditOnce } from "../../services/audit/audit.ts";
import { getCall } from "../../services/calls/calls.ts";
import { getCallSchema } from "./get-call.schema.ts";

/** The details of a live call refresh every few seconds: an opening is audited once in this long. */
const OPENING_MS = 10 * 60_000;

/** A call's details (what the caller entered among them): every opening is in the audit log. */
export const getCallProcedure = can("calls.read.all")
  .input(getCallSchema)
  .query(async ({ ctx, input }) => {
    const call = await getCall(ctx.db, ctx.tenantId, input.callId);
    await recordAuditOnce(
      ctx.db,
      ctx.tenantId,
      ctx.actor,
      { action: "call.view", targetType: "call", targetId: input.callId },
      OPENING_MS,
    );
    return call;
  });
