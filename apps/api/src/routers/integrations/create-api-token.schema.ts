import { z } from "zod";
import { permissionSchema } from "@ringflow/access";

export const createApiTokenSchema = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(80),
  /** What it may do: permissions its creator holds. */
  scopes: z.array(permissionSchema).min(1, "Choose at least one thing the token may do"),
  /** Without it the token lasts until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
