import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const archiveFlowSchema = z.object({ flowId: idSchema });

export type ArchiveFlowInput = z.infer<typeof archiveFlowSchema>;
