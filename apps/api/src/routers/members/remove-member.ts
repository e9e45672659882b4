import { managesMembership } from "../../trpc.ts";
import { removeMember } from "../../services/tenants/members.ts";
import { removeMemberSchema } from "./remove-member.schema.ts";

export const removeMemberProcedure = managesMembership
  .input(removeMemberSchema)
  .mutation(({ ctx, input }) =>
    removeMember(ctx.db, ctx.tenantId, { ...ctx.actor, role: ctx.role }, input.membershipId),
  );
