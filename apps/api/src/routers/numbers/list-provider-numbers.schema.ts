import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const listProviderNumbersSchema = z.object({ providerAccountId: idSchema });

export type ListProviderNumbersInput = z.infer<typeof listProviderNumbersSchema>;
