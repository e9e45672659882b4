import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const unbindNumberSchema = z.object({ phoneNumberId: idSchema });

export type UnbindNumberInput = z.infer<typeof unbindNumberSchema>;
