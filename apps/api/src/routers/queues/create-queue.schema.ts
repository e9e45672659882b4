import { z } from "zod";
import { QueueStrategy } from "@ringflow/db";
import { boundedInt, descriptionSchema, idSchema, nameSchema } from "../common.schema.ts";

/** A skill with the level an agent has (or a queue's callers need at least): 1 (some) to 100 (expert). */
export const skillLevelSchema = z.object({ skillId: idSchema, level: boundedInt(1, 100).default(1) });

export const uniqueSkills = (skills: readonly { skillId: string }[]) =>
  new Set(skills.map((s) => s.skillId)).size === skills.length;

export const queueFieldsSchema = z.object({
  name: nameSchema,
  description: descriptionSchema.optional(),
  strategy: z.enum(QueueStrategy).optional(),
  /** After this a waiting caller leaves through the Enqueue block's overflow exit (0: no limit). */
  maxWaitSeconds: boundedInt(0, 86_400).optional(),
  maxSize: boundedInt(0, 100_000).optional(),
  ringTimeoutSeconds: boundedInt(1, 600).optional(),
  awayOnNoAnswer: z.boolean().optional(),
  wrapUpSeconds: boundedInt(0, 3_600).optional(),
  serviceLevelSeconds: boundedInt(1, 3_600).optional(),
  shortAbandonSeconds: boundedInt(0, 600).optional(),
  /** Agents may join and leave this queue themselves. */
  allowSelfJoin: z.boolean().optional(),
  holdMusicUrl: z
    .url({ protocol: /^https$/, error: "Give the hold music as an https:// address." })
    .max(2000)
    .nullable()
    .optional(),
  requiredSkills: z
    .array(skillLevelSchema)
    .max(50)
    .refine(uniqueSkills, { error: "A skill is listed twice." })
    .optional(),
});

export const createQueueSchema = queueFieldsSchema;
export type CreateQueueInput = z.infer<typeof createQueueSchema>;
