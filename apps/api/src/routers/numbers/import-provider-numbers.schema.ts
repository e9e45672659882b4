import { z } from "zod";
import { e164Schema, idSchema } from "../common.schema.ts";

export const importProviderNumbersSchema = z.object({
  providerAccountId: idSchema,
  e164s: z.array(e164Schema).min(1).max(500),
});

export type ImportProviderNumbersInput = z.infer<typeof importProviderNumbersSchema>;
