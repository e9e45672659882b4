import { z } from "zod";
import { idSchema, nameSchema } from "../common.schema.ts";
import { skillNameSchema } from "../queues/create-queue.schema.ts";

export const agentFieldsSchema = z.object({
  displayName: nameSchema,
  extension: z
    .string()
    .trim()
    .regex(/^\d{2,8}$/, { error: "Give the extension as 2 to 8 digits." }),
  /** The workspace member who signs in as this agent; null unlinks. */
  membershipId: idSchema.nullable().optional(),
  skills: z.array(skillNameSchema).max(50).optional(),
});

export const createAgentSchema = agentFieldsSchema;
export type CreateAgentInput = z.infer<typeof createAgentSchema>;
