import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const removeNumberSchema = z.object({ phoneNumberId: idSchema });

export type RemoveNumberInput = z.infer<typeof removeNumberSchema>;
