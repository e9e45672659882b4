import { z } from "zod";
import { descriptionSchema, idSchema, textSchema } from "../common.schema.ts";

export const createSkillSchema = z.object({
  name: textSchema
    .trim()
    .min(1, { error: "A skill needs a name." })
    .max(60)
    .regex(/^[^,;=\s]+$/, {
      error: "Write a skill as one word, without commas, semicolons or equals signs.",
    }),
  description: descriptionSchema.optional(),
});

export const skillIdSchema = z.object({ skillId: idSchema });
