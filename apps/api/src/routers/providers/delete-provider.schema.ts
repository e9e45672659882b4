import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const deleteProviderSchema = z.object({ id: idSchema });

export type DeleteProviderInput = z.infer<typeof deleteProviderSchema>;
