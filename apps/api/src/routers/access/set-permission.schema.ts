import { z } from "zod";
import { permissionSchema, roleSchema } from "@ringflow/access";

export const setPermissionSchema = z.object({
  role: roleSchema,
  permission: permissionSchema,
  granted: z.boolean(),
});
