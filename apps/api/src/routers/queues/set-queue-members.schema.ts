import { z } from "zod";
import { boundedInt, idSchema } from "../common.schema.ts";

export const setQueueMembersSchema = z.object({
  queueId: idSchema,
  members: z
    .array(z.object({ agentId: idSchema, priority: boundedInt(0, 100).default(0) }))
    .max(5000)
    .refine((members) => new Set(members.map((m) => m.agentId)).size === members.length, {
      error: "An agent is listed twice.",
    }),
});
export type SetQueueMembersInput = z.infer<typeof setQueueMembersSchema>;
