import { can } from "../../trpc.ts";
import { listInvitations } from "../../services/tenants/members.ts";

export const listInvitationsProcedure = can("members.manage").query(({ ctx }) =>
  listInvitations(ctx.db, ctx.tenantId),
);
