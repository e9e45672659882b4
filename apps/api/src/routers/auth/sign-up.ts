import { publicProcedure } from "../../trpc.ts";
import { createSession } from "../../services/auth/sessions.ts";
import { acceptInvitation } from "../../services/tenants/members.ts";
import { createUser, signUp as createAccountAndWorkspace } from "../../services/tenants/workspaces.ts";
import { signUpSchema } from "./sign-up.schema.ts";

/** A new account: with its own workspace (as owner), or joining the workspace it was invited to. */
export const signUpProcedure = publicProcedure.input(signUpSchema).mutation(async ({ ctx, input }) => {
  let userId: string;
  let tenantId: string;
  if (input.workspaceName) {
    const created = await createAccountAndWorkspace(ctx.db, { ...input, workspaceName: input.workspaceName });
    ({ id: userId } = created.user);
    tenantId = created.tenant.id;
  } else {
    const user = await createUser(ctx.db, input);
    userId = user.id;
    try {
      ({ tenantId } = await acceptInvitation(ctx.db, user, input.invitationToken ?? "", ctx.request.ip));
    } catch (error) {
      // An account that joined nothing would be an orphan: undo it.
      await ctx.db.user.delete({ where: { id: user.id } });
      throw error;
    }
  }
  const { token, session } = await createSession(ctx.db, userId, {
    activeTenantId: tenantId,
    ipAddress: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  });
  ctx.cookies.set(token, session.expiresAt);
  return { userId, tenantId };
});
