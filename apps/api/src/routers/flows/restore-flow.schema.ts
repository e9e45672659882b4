import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const restoreFlowSchema = z.object({ flowId: idSchema });

export type RestoreFlowInput = z.infer<typeof restoreFlowSchema>;
