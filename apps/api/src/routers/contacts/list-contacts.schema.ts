import { z } from "zod";
import { boundedInt, boundedText } from "../common.schema.ts";

export const listContactsSchema = z
  .object({ search: boundedText(100).optional(), limit: boundedInt(1, 500).default(100) })
  .default({ limit: 100 });
export type ListContactsInput = z.infer<typeof listContactsSchema>;
