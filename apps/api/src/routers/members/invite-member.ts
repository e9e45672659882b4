import { can } from "../../trpc.ts";
import { invite } from "../../services/tenants/members.ts";
import { inviteMemberSchema } from "./invite-member.schema.ts";

export const inviteMemberProcedure = can("members.manage")
  .input(inviteMemberSchema)
  .mutation(({ ctx, input }) => invite(ctx.db, ctx.tenantId, { ...ctx.actor, role: ctx.role }, input));
