import { managesMembership } from "../../trpc.ts";
import { changeRole } from "../../services/tenants/members.ts";
import { changeRoleSchema } from "./change-role.schema.ts";

export const changeRoleProcedure = managesMembership
  .input(changeRoleSchema)
  .mutation(({ ctx, input }) => changeRole(ctx.db, ctx.tenantId, { ...ctx.actor, role: ctx.role }, input));
