import { can } from "../../trpc.ts";
import { getPermissionMatrix } from "../../services/access/permissions.ts";

/** Which role holds which permission in the active workspace, and where it differs from the defaults. */
export const getMatrixProcedure = can("access.manage").query(({ ctx }) =>
  getPermissionMatrix(ctx.db, ctx.tenantId),
);
