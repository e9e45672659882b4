import { z } from "zod";
import { idSchema, roleSchema } from "../common.schema.ts";

export const changeRoleSchema = z.object({ membershipId: idSchema, role: roleSchema });

export type ChangeRoleInput = z.infer<typeof changeRoleSchema>;
