import { z } from "zod";
import { idSchema, versionNumberSchema } from "../common.schema.ts";

export const rollbackFlowSchema = z.object({ flowId: idSchema, versionNumber: versionNumberSchema });

export type RollbackFlowInput = z.infer<typeof rollbackFlowSchema>;
