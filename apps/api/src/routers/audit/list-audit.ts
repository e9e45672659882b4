import { can } from "../../trpc.ts";
import { listAudit } from "../../services/audit/audit.ts";
import { listAuditSchema } from "./list-audit.schema.ts";

export const listAuditProcedure = can("audit.read")
  .input(listAuditSchema)
  .query(({ ctx, input }) => listAudit(ctx.db, ctx.tenantId, input));
