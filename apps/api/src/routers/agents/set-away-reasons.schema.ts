import { z } from "zod";
import { textSchema } from "../common.schema.ts";

export const setAwayReasonsSchema = z.object({
  reasons: z
    .array(textSchema.trim().min(1, { error: "A reason needs a name." }).max(100))
    .min(1, { error: "Keep at least one reason for being away." })
    .max(30)
    .refine((list) => new Set(list).size === list.length, { error: "A reason is listed twice." }),
});
