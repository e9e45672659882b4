import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const testProviderSchema = z.object({ id: idSchema });

export type TestProviderInput = z.infer<typeof testProviderSchema>;
