import { can } from "../../trpc.ts";
import { setPermission } from "../../services/access/permissions.ts";
import { setPermissionSchema } from "./set-permission.schema.ts";

export const setPermissionProcedure = can("access.manage")
  .input(setPermissionSchema)
  .mutation(({ ctx, input }) => setPermission(ctx, ctx.tenantId, { ...ctx.actor, role: ctx.role }, input));
