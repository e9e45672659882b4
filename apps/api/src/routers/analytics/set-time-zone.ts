import { setTenantTimeZone } from "../../services/analytics/range.ts";
import { can } from "../../trpc.ts";
import { setTimeZoneSchema } from "./set-time-zone.schema.ts";

/** Where the workspace's days begin (reports, retention dates); the rollup then recounts its history. */
export const setTimeZoneProcedure = can("providers.manage")
  .input(setTimeZoneSchema)
  .mutation(({ ctx, input }) => setTenantTimeZone(ctx.db, ctx.tenantId, ctx.actor, input.timeZone));
