import { listCopyAlerts } from "../../services/recordings/recordings.ts";
import { can } from "../../trpc.ts";

/** Recordings that could not be copied after every retry (they stay at the provider, never deleted there). */
export const listCopyAlertsProcedure = can("calls.read.all").query(({ ctx }) =>
  listCopyAlerts(ctx.db, ctx.tenantId),
);
