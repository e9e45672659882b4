import { tenantTimeZone } from "../../services/analytics/range.ts";
import { can } from "../../trpc.ts";

/** The workspace's time zone (UTC until an admin sets one). */
export const getTimeZoneProcedure = can("calls.read.all").query(async ({ ctx }) => ({
  timeZone: await tenantTimeZone(ctx.db, ctx.tenantId),
}));
