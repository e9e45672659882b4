import { z } from "zod";
import { boundedInt } from "../common.schema.ts";

export const getRetentionSchema = z
  .object({
    /** How many days ahead the deletions are counted day by day. */
    days: boundedInt(1, 366).default(60),
  })
  .default({ days: 60 });
export type RetentionInput = z.infer<typeof getRetentionSchema>;
