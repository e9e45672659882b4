import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const publishFlowSchema = z.object({
  flowId: idSchema,
  changelog: z.string().trim().max(2000).default(""),
  /** The draft revision the publisher reviewed; a newer draft is a CONFLICT. */
  revision: z.number().int().min(1).optional(),
});

export type PublishFlowInput = z.infer<typeof publishFlowSchema>;
