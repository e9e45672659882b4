import { z } from "zod";
import { idSchema, nameSchema } from "../common.schema.ts";

export const duplicateFlowSchema = z.object({ flowId: idSchema, name: nameSchema.optional() });

export type DuplicateFlowInput = z.infer<typeof duplicateFlowSchema>;
