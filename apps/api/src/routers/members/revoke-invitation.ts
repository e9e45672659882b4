import { adminProcedure } from "../../trpc.ts";
import { revokeInvitation } from "../../services/tenants/members.ts";
import { revokeInvitationSchema } from "./revoke-invitation.schema.ts";

export const revokeInvitationProcedure = adminProcedure
  .input(revokeInvitationSchema)
  .mutation(({ ctx, input }) => revokeInvitation(ctx.db, ctx.tenantId, ctx.actor, input.invitationId));
