import { z } from "zod";
import { idSchema, versionNumberSchema } from "../common.schema.ts";

export const exportFlowSchema = z.object({
  flowId: idSchema,
  version: z.union([z.literal("draft"), versionNumberSchema]).default("draft"),
});

export type ExportFlowInput = z.infer<typeof exportFlowSchema>;
