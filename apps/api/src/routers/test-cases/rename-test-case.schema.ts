import { z } from "zod";
import { idSchema, textSchema } from "../common.schema.ts";

export const testCaseRefSchema = z.object({ flowId: idSchema, caseId: z.string().min(1).max(64) });

export const renameTestCaseSchema = testCaseRefSchema.extend({
  name: textSchema.trim().min(1, { error: "A name is required." }).max(120),
});
