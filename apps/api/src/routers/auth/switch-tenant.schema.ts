import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const switchTenantSchema = z.object({ tenantId: idSchema });

export type SwitchTenantInput = z.infer<typeof switchTenantSchema>;
