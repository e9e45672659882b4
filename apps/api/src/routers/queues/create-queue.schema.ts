import { z } from "zod";
import { boundedInt, descriptionSchema, nameSchema, textSchema } from "../common.schema.ts";

export const skillNameSchema = textSchema
  .trim()
  .min(1, { error: "A skill needs a name." })
  .max(60)
  .regex(/^[^,;=\s]+$/, { error: "Write a skill as one word, without commas, semicolons or equals signs." });

export const queueFieldsSchema = z.object({
  name: nameSchema,
  description: descriptionSchema.optional(),
  /** After this a waiting caller leaves through the Enqueue block's overflow exit (0: no limit). */
  maxWaitSeconds: boundedInt(0, 86_400).optional(),
  holdMusicUrl: z
    .url({ protocol: /^https$/, error: "Give the hold music as an https:// address." })
    .max(2000)
    .nullable()
    .optional(),
  skills: z.array(skillNameSchema).max(50).optional(),
});

export const createQueueSchema = queueFieldsSchema;
export type CreateQueueInput = z.infer<typeof createQueueSchema>;
