import { can } from "../../trpc.ts";
import { revokeInvitation } from "../../services/tenants/members.ts";
import { revokeInvitationSchema } from "./revoke-invitation.schema.ts";

export const revokeInvitationProcedure = can("members.manage")
  .input(revokeInvitationSchema)
  .mutation(({ ctx, input }) => revokeInvitation(ctx.db, ctx.tenantId, ctx.actor, input.invitationId));
