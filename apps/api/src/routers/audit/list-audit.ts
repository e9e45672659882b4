import { adminProcedure } from "../../trpc.ts";
import { listAudit } from "../../services/audit/audit.ts";
import { listAuditSchema } from "./list-audit.schema.ts";

export const listAuditProcedure = adminProcedure
  .input(listAuditSchema)
  .query(({ ctx, input }) => listAudit(ctx.db, ctx.tenantId, input));
