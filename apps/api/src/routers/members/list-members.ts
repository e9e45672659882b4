import { adminProcedure } from "../../trpc.ts";
import { listMembers } from "../../services/tenants/members.ts";

export const listMembersProcedure = adminProcedure.query(({ ctx }) => listMembers(ctx.db, ctx.tenantId));
