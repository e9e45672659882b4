import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const listVersionsSchema = z.object({ flowId: idSchema });

export type ListVersionsInput = z.infer<typeof listVersionsSchema>;
