import { z } from "zod";

export const listFlowsSchema = z
  .object({ includeArchived: z.boolean().default(false) })
  .default({ includeArchived: false });

export type ListFlowsInput = z.infer<typeof listFlowsSchema>;
