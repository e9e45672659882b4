import { adminProcedure } from "../../trpc.ts";
import { listInvitations } from "../../services/tenants/members.ts";

export const listInvitationsProcedure = adminProcedure.query(({ ctx }) =>
  listInvitations(ctx.db, ctx.tenantId),
);
