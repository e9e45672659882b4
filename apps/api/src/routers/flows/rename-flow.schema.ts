import { z } from "zod";
import { descriptionSchema, idSchema, nameSchema } from "../common.schema.ts";

export const renameFlowSchema = z.object({
  flowId: idSchema,
  name: nameSchema,
  description: descriptionSchema.optional(),
});

export type RenameFlowInput = z.infer<typeof renameFlowSchema>;
