import { can } from "../../trpc.ts";
import { listMembers } from "../../services/tenants/members.ts";

export const listMembersProcedure = can("members.manage").query(({ ctx }) => listMembers(ctx.db, ctx.tenantId));
