import { can } from "../../trpc.ts";
import { recordAudit } from "../../services/audit/audit.ts";
import { getCall } from "../../services/calls/calls.ts";
import { getCallSchema } from "./get-call.schema.ts";

/** A call's details (what the caller entered among them): every opening is in the audit log. */
export const getCallProcedure = can("calls.read.all")
  .input(getCallSchema)
  .query(async ({ ctx, input }) => {
    const call = await getCall(ctx.db, ctx.tenantId, input.callId);
    await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
      action: "call.view",
      targetType: "call",
      targetId: input.callId,
    });
    return call;
  });
