import { z } from "zod";
import { idSchema, revisionSchema, textSchema } from "../common.schema.ts";

export const publishFlowSchema = z.object({
  flowId: idSchema,
  changelog: textSchema.trim().max(2000).default(""),
  /** The draft revision the publisher reviewed; a newer draft is a CONFLICT. */
  revision: revisionSchema.optional(),
  /** Publish although some of the flow's test cases fail (the publisher saw the differences). */
  publishAnyway: z.boolean().default(false),
});

export type PublishFlowInput = z.infer<typeof publishFlowSchema>;
