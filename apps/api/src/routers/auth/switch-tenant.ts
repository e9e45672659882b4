import { authedProcedure } from "../../trpc.ts";
import { apiError } from "../../errors.ts";
import { setActiveTenant } from "../../services/auth/sessions.ts";
import { switchTenantSchema } from "./switch-tenant.schema.ts";

export const switchTenantProcedure = authedProcedure
  .input(switchTenantSchema)
  .mutation(async ({ ctx, input }) => {
    const membership = await ctx.db.membership.findUnique({
      where: { tenantId_userId: { tenantId: input.tenantId, userId: ctx.user.id } },
      select: { tenantId: true, role: true },
    });
    if (!membership) throw apiError("FORBIDDEN", "You are not a member of this workspace.");
    await setActiveTenant(ctx.db, ctx.session.id, membership.tenantId);
    return membership;
  });
