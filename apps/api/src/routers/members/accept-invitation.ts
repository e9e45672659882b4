import { authedProcedure } from "../../trpc.ts";
import { acceptInvitation } from "../../services/tenants/members.ts";
import { acceptInvitationSchema } from "./accept-invitation.schema.ts";

export const acceptInvitationProcedure = authedProcedure
  .input(acceptInvitationSchema)
  .mutation(({ ctx, input }) => acceptInvitation(ctx.db, ctx.user, input.token, ctx.request.ip));
