import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const getFlowSchema = z.object({ flowId: idSchema });

export type GetFlowInput = z.infer<typeof getFlowSchema>;
