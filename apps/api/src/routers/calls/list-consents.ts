import { can } from "../../trpc.ts";
import { listConsents } from "../../services/calls/consents.ts";
import { listConsentsSchema } from "./list-consents.schema.ts";

/** Recording-consent proof (what the caller was told, what they answered), newest first. */
export const listConsentsProcedure = can("calls.read.all")
  .input(listConsentsSchema)
  .query(({ ctx, input }) => listConsents(ctx.db, ctx.tenantId, input));
