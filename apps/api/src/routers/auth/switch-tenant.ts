import { authedProcedure } from "../../trpc.ts";
import { switchActiveTenant } from "../../services/tenants/membership.ts";
import { switchTenantSchema } from "./switch-tenant.schema.ts";

export const switchTenantProcedure = authedProcedure
  .input(switchTenantSchema)
  .mutation(({ ctx, input }) => switchActiveTenant(ctx.db, ctx.session, input.tenantId));
